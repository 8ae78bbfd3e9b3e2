"""How hippograph reaches Neo4j: one async driver per process, created by the entry point. The
synchronous graphdatascience client for batch work is graph/gds/client.py."""

from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel, ConfigDict, Field, SecretStr


class Neo4jConfig(BaseModel):
    """Where the database is, who we are there, and how long to wait for it.

    The waits are a service's, not the driver's defaults (30 s of retries, 60 s for a pooled
    connection): while the database is down a caller hears so within about two seconds.
    """

    model_config = ConfigDict(frozen=True)

    uri: str
    user: str = "neo4j"
    password: SecretStr
    database: str = "neo4j"
    connection_timeout_s: float = Field(default=2.0, gt=0)
    # The driver waits about a second before its first retry, so under 1 s means one retry.
    retry_s: float = Field(default=0.5, ge=0)
    acquisition_timeout_s: float = Field(default=5.0, gt=0)


# What the driver raises when the database cannot be reached (down, restarting, a connection
# cut): the caller may retry later; nothing about the request was wrong.
UNREACHABLE = (ServiceUnavailable, SessionExpired)


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot be reached."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, UNREACHABLE):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def driver_options(config: Neo4jConfig) -> dict[str, Any]:
    return {
        "auth": (config.user, config.password.get_secret_value()),
        "connection_timeout": config.connection_timeout_s,
        "max_transaction_retry_time": config.retry_s,
        "connection_acquisition_timeout": config.acquisition_timeout_s,
        # Server notices ("property key does not exist yet" on an empty database) are noise
        # in a CLI's output; real errors still raise.
        "notifications_min_severity": "OFF",
    }


def open_driver(config: Neo4jConfig) -> AsyncDriver:
    """Create the process's driver. It connects lazily: nothing touches the network here."""
    return AsyncGraphDatabase.driver(config.uri, **driver_options(config))
