"""hippograph's memory model and everything that touches Neo4j and GDS.

This package imports nothing else of ours: ``ingest`` and ``api`` build on it.
"""
