"""hippograph's settings: one object, read from ``HIPPOGRAPH_*`` variables and ``.env``.

Built once by the entry point (the CLI or the server) and passed down as the typed config
objects each layer asks for; nothing reads the environment anywhere else.
"""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.connection import Neo4jConfig
from graph.server import LocalServerConfig, local_password

_REPO_ROOT = Path(__file__).resolve().parent.parent
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
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    neo4j_heap_max: str = "4g"
    neo4j_pagecache: str = "2g"
    java_home: Path | None = None

    cache_dir: Path = Path.home() / ".cache" / "hippograph"
    data_dir: Path = Path.home() / ".local" / "share" / "hippograph"

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)

    spacy_model: str = "en_core_web_sm"
    llm_provider: str | None = Field(default=None, description="e.g. openai, anthropic, ollama")
    llm_model: str | None = None
    embedding_provider: str = "local"
    embedding_model: str = "all-MiniLM-L6-v2"
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
            poms_dir=_REPO_ROOT / "docker" / "neo4j",
            java_home=self.java_home,
            bolt_port=self.neo4j_bolt_port,
            http_port=self.neo4j_http_port,
            heap_max=self.neo4j_heap_max,
            pagecache=self.neo4j_pagecache,
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
        )
