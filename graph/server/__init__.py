"""A Neo4j Community server with the GDS plugin, assembled from Maven Central and run locally.

For machines without Docker: :func:`install` resolves the jars with Maven into a cache,
:class:`LocalNeo4j` writes ``neo4j.conf`` and starts, watches and stops the server process.
"""

from hippograph.graph.server.config import LocalServerConfig
from hippograph.graph.server.credentials import local_password
from hippograph.graph.server.install import InstallResult, install
from hippograph.graph.server.java import JavaRuntime, find_java
from hippograph.graph.server.process import LocalNeo4j, ServerStatus

__all__ = [
    "InstallResult",
    "JavaRuntime",
    "LocalNeo4j",
    "LocalServerConfig",
    "ServerStatus",
    "find_java",
    "install",
    "local_password",
]
