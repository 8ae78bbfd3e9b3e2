"""The local server's password: the one the user gave, or one generated once and kept."""

import secrets
from pathlib import Path

PASSWORD_FILE = "neo4j-password"


def local_password(cache_dir: Path, given: str | None) -> str:
    """Return ``given`` when set; otherwise the password kept in ``cache_dir``, made on first use.

    The file is created with mode 0600 so only the owner can read it.
    """
    if given:
        return given
    path = cache_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    cache_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    path.touch(mode=0o600)
    path.write_text(password + "\n", encoding="utf-8")
    return password
