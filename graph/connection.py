"""How hippograph reaches Neo4j: one async driver per process, created by the entry point."""

from neo4j import AsyncDriver, AsyncGraphDatabase
from pydantic import BaseModel, ConfigDict, SecretStr


class Neo4jConfig(BaseModel):
    """Where the database is and who we are there."""

    model_config = ConfigDict(frozen=True)

    uri: str
    user: str = "neo4j"
    password: SecretStr
    database: str = "neo4j"


def open_driver(config: Neo4jConfig) -> AsyncDriver:
    """Create the process's driver. It connects lazily: nothing touches the network here."""
    return AsyncGraphDatabase.driver(
        config.uri,
        auth=(config.user, config.password.get_secret_value()),
        # Server notices ("property key does not exist yet" on an empty database) are noise
        # in a CLI's output; real errors still raise.
        notifications_min_severity="OFF",
    )
