"""The one exception root of hippograph and the errors the graph layer raises.

``ingest`` and ``api`` subclass :class:`HippographError` too, so a caller can catch
everything hippograph raises on purpose with one ``except`` and still tell kinds apart::

    HippographError
    ├── InvalidInputError (field)     a value outside what it can mean, anywhere
    │   ├── ingest's InvalidSessionError   a session that cannot be stored as given
    │   └── ingest's QueryError            a question that cannot be recalled (field "query")
    ├── LimitExceededError (limit)    more than a limit allows: k, a page, a question, a batch
    ├── NotFoundError · DatabaseUnavailableError · EmbeddingMismatchError
    ├── QueryNotFoundError · QueryParameterError    a statement file or its call (a bug)
    ├── LocalServerError: JavaNotFoundError · InstallError · PortInUseError · ServerDiedError
    ├── IngestError (ingest/errors.py): LoadError · ModelNotInstalledError ·
    │   SessionConflictError · InvalidSessionError
    └── ApiError (api/errors.py): UnauthenticatedError · ForbiddenError · KeysFileError
"""


class HippographError(Exception):
    """Root of every error hippograph raises on purpose."""


class LocalServerError(HippographError):
    """The local Neo4j server could not be installed, started, reached or stopped."""


class JavaNotFoundError(LocalServerError):
    """No Java runtime of the version the Neo4j release needs."""


class InstallError(LocalServerError):
    """Maven could not assemble the server or the GDS plugin."""


class PortInUseError(LocalServerError):
    """A port the server should listen on is taken by another process."""


class ServerDiedError(LocalServerError):
    """The server process exited while starting; the message carries its log tail."""


class QueryNotFoundError(HippographError):
    """No ``.cypher`` file carries the requested query name."""


class QueryParameterError(HippographError):
    """A query was called with parameters its ``// params:`` header does not declare."""


class LimitExceededError(HippographError):
    """A request past a limit (k, a page size, a question's length, a batch's sessions);
    ``limit`` is the limit it passed."""

    def __init__(self, message: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit


class InvalidInputError(HippographError):
    """A value outside what it can mean (k = 0, a bad cursor, a session without turns);
    ``field`` names it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(HippographError):
    """An id or name that the scope does not hold (an entity, a speaker, a scene)."""


class DatabaseUnavailableError(HippographError):
    """Neo4j could not be reached part-way through a job; what was stored before is kept."""


class EmbeddingMismatchError(HippographError):
    """A scope was embedded by another model than the one this process embeds with (or its
    model was never recorded); its vectors cannot be compared with ours."""
