"""The client suite reaches the database through neo4j:// (tests/routed.py)."""

from tests.routed import neo4j_config

__all__ = ["neo4j_config"]
