"""Every Cypher statement hippograph runs, one per ``<area>/<verb>_<noun>.cypher`` file.

Not code: ``graph.cypher`` loads the files by name. Analysts can open them in Neo4j Browser.
"""
