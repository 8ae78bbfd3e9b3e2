"""What a local Neo4j server is made of and where its files live."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

# Neo4j 2026.01 is the newest line with a matching GDS release on Maven Central (2.26.0);
# GDS >= 2.17 is what accepts weighted `sourceNodes` for personalized PageRank.
NEO4J_VERSION = "2026.01.4"
GDS_VERSION = "2.26.0"
BROWSER_VERSION = "5.24.0"
# The poms Maven assembles the server and the plugin from, shipped inside the package.
MAVEN_POMS = Path(__file__).resolve().parent / "maven"


class LocalServerConfig(BaseModel):
    """Everything needed to install and run one local Neo4j instance.

    ``cache_dir`` holds the version's jars (shared by every instance: tests reuse them);
    ``instance_dir`` holds one instance's configuration, data, logs and pid file.
    """

    model_config = ConfigDict(frozen=True)

    cache_dir: Path
    instance_dir: Path
    poms_dir: Path = MAVEN_POMS
    neo4j_version: str = NEO4J_VERSION
    gds_version: str = GDS_VERSION
    browser_version: str = BROWSER_VERSION
    # Neo4j 2026.01 runs on Java 21 and 25; first match wins.
    java_majors: tuple[int, ...] = (25, 21)
    java_home: Path | None = None
    bolt_port: int = Field(default=7687, ge=1, le=65535)
    http_port: int = Field(default=7474, ge=1, le=65535)
    # Sized for a 2-core, 24 GiB machine that also runs spaCy, an embedding model and the API.
    heap_initial: str = "1g"
    heap_max: str = "4g"
    pagecache: str = "2g"
    start_timeout_s: float = 180.0
    stop_timeout_s: float = 90.0

    @property
    def home(self) -> Path:
        """Install folder of this version: ``lib/`` (server + Browser) and ``plugins/`` (GDS)."""
        return self.cache_dir / f"neo4j-{self.neo4j_version}"

    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"

    @property
    def plugins_dir(self) -> Path:
        return self.home / "plugins"

    @property
    def conf_dir(self) -> Path:
        return self.instance_dir / "conf"

    @property
    def data_dir(self) -> Path:
        return self.instance_dir / "data"

    @property
    def logs_dir(self) -> Path:
        return self.instance_dir / "logs"

    @property
    def run_dir(self) -> Path:
        return self.instance_dir / "run"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "neo4j.pid"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"
