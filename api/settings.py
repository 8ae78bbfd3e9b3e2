"""hippograph's settings: one object, read from ``HIPPOGRAPH_*`` variables and ``.env``.

Built once by the entry point (the CLI or the server) and passed down as the typed config
objects each layer asks for; nothing reads the environment anywhere else.
"""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hippograph.api.auth import KeyGrant, KeysSource
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.launcher import LocalServerConfig, local_password
from hippograph.ingest.embedding.specs import DEFAULT_MODEL


class ApiLimits(BaseModel):
    """What one request may ask of the API server."""

    model_config = ConfigDict(frozen=True)

    max_body_bytes: int
    max_document_chars: int
    max_depth: int
    max_cost: int
    max_page: int
    max_batch_sessions: int
    max_session_turns: int
    request_timeout_s: float


_PLACEHOLDER_PASSWORDS = {"neo4j", "password", "changeme", "changethis", "secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HIPPOGRAPH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    neo4j_uri: str | None = Field(
        default=None, description="Bolt URI; defaults to the local server's port."
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = Field(
        default=None, description="Unset: a password is generated once and kept in cache_dir."
    )
    neo4j_database: str = "neo4j"
    neo4j_connection_timeout_s: float = Field(
        default=2.0, gt=0, description="to open a connection to Neo4j"
    )
    neo4j_retry_s: float = Field(
        default=0.5,
        ge=0,
        description="how long a failed statement is retried (the first retry comes after "
        "about 1 s, so the default retries once; 0 never)",
    )
    neo4j_acquisition_timeout_s: float = Field(
        default=5.0, gt=0, description="to get a pooled connection when all are busy"
    )
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    neo4j_heap_max: str = "4g"
    neo4j_pagecache: str = "2g"
    java_home: Path | None = None

    cache_dir: Path = Path.home() / ".cache" / "hippograph"
    data_dir: Path = Path.home() / ".local" / "share" / "hippograph"

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    api_workers: int = Field(default=1, ge=1, le=64)
    api_url: str | None = Field(
        default=None, description="where `hippograph mcp` finds the API; default: api_host:api_port"
    )
    mcp_api_key: SecretStr | None = Field(
        default=None, description="the key `hippograph mcp` uses for callers that send none (stdio)"
    )
    mcp_port: int = Field(default=8765, ge=1, le=65535)
    api_keys_file: Path | None = Field(
        default=None, description="JSON grants (digests only); default: data_dir/api-keys.json"
    )
    api_keys: list[KeyGrant] = Field(
        default_factory=list, description="more grants, as JSON, beside the keys file's"
    )
    api_graphiql: bool = Field(default=True, description="serve GraphiQL on GET /graphql")
    api_introspection: bool = True
    api_max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    api_max_document_chars: int = Field(default=20_000, ge=100)
    api_max_depth: int = Field(default=12, ge=2)
    api_max_cost: int = Field(default=50_000, ge=10)
    api_max_page: int = Field(default=100, ge=1, le=1_000)
    api_max_batch_sessions: int = Field(default=500, ge=1)
    api_max_session_turns: int = Field(
        default=300,
        ge=1,
        description="turns of one session that ingestSession stores within a request (about "
        "10 s on 2 cores); a longer session goes through ingestSessions, a job",
    )
    api_request_timeout_s: float = Field(default=30.0, gt=0)
    api_warm_scopes: int = Field(
        default=20,
        ge=0,
        description="scopes whose projections a starting server rebuilds (the ones built "
        "last) before it reports ready; 0 to start cold",
    )
    api_lexical_scopes: int = Field(
        default=256,
        ge=1,
        description="scopes whose in-memory lexical (BM25) indexes the server keeps, the ones "
        "searched last (a LoCoMo conversation's takes a few MB)",
    )
    gds_catalog_budget_mb: int = Field(
        default=1024,
        ge=0,
        description="GDS heap the server's warm projections may hold (about 16 MiB each at "
        "least); beyond it the scopes used longest ago are dropped and project again on their "
        "next recall. 0 for no budget",
    )

    spacy_model: str = "en_core_web_sm"
    llm_provider: str | None = Field(default=None, description="e.g. openai, anthropic, ollama")
    llm_model: str | None = None
    supersession_judge: bool = Field(
        default=False,
        description="ask the configured chat model (HIPPOGRAPH_LLM_PROVIDER/_MODEL) about each "
        "supersession the offline frames propose at ingest; a link is made only when it agrees",
    )
    embedding_provider: str = "local"
    embedding_model: str = DEFAULT_MODEL
    embedding_dimensions: int = Field(default=384, ge=1)

    @field_validator("neo4j_password")
    @classmethod
    def _reject_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if secret.lower() in _PLACEHOLDER_PASSWORDS or len(secret) < 8:
            raise ValueError("use a real password of 8+ characters (or unset it to generate one)")
        return value

    def local_server(self) -> LocalServerConfig:
        return LocalServerConfig(
            cache_dir=self.cache_dir,
            instance_dir=self.data_dir / "neo4j",
            java_home=self.java_home,
            bolt_port=self.neo4j_bolt_port,
            http_port=self.neo4j_http_port,
            heap_max=self.neo4j_heap_max,
            pagecache=self.neo4j_pagecache,
        )

    def keys_path(self) -> Path:
        return self.api_keys_file or self.data_dir / "api-keys.json"

    def keys(self) -> KeysSource:
        """Every grant: the keys file's (re-read when it changes) and the settings' own."""
        return KeysSource(self.keys_path(), self.api_keys)

    def api_limits(self) -> ApiLimits:
        return ApiLimits(
            max_body_bytes=self.api_max_body_bytes,
            max_document_chars=self.api_max_document_chars,
            max_depth=self.api_max_depth,
            max_cost=self.api_max_cost,
            max_page=self.api_max_page,
            max_batch_sessions=self.api_max_batch_sessions,
            max_session_turns=self.api_max_session_turns,
            request_timeout_s=self.api_request_timeout_s,
        )

    def password(self) -> str:
        """The configured password, or the generated local one (created on first use)."""
        given = self.neo4j_password.get_secret_value() if self.neo4j_password else None
        return local_password(self.cache_dir, given)

    def neo4j(self) -> Neo4jConfig:
        return Neo4jConfig(
            uri=self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_bolt_port}",
            user=self.neo4j_user,
            password=SecretStr(self.password()),
            database=self.neo4j_database,
            connection_timeout_s=self.neo4j_connection_timeout_s,
            retry_s=self.neo4j_retry_s,
            acquisition_timeout_s=self.neo4j_acquisition_timeout_s,
        )
