"""A Neo4j Community server with the GDS plugin, assembled from Maven Central and run locally.

For machines without Docker: :func:`install` resolves the jars with Maven into a cache,
:class:`LocalNeo4j` writes ``neo4j.conf`` and starts, watches and stops the server process.
"""

from hippograph.graph.launcher.config import LocalServerConfig
from hippograph.graph.launcher.credentials import local_password
from hippograph.graph.launcher.install import InstallResult, install
from hippograph.graph.launcher.java import JavaRuntime, find_java
from hippograph.graph.launcher.process import LocalNeo4j, ServerStatus

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
