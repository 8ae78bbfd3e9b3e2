"""API keys and what they may touch.

A key is a random secret shown once when it is created; only its SHA-256 digest is kept (in the
keys file, or in ``HIPPOGRAPH_API_KEYS``). Keys are 256-bit random strings, so a fast digest is
enough: there is nothing to guess from, unlike a password. Each grant names the scopes the key
may read and the scopes it may write (writing implies reading); ``*`` means every scope.
"""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from hippograph.api.errors import ForbiddenError, KeysFileError, UnauthenticatedError

KEY_PREFIX = "hg_"
ALL_SCOPES = "*"
ScopePattern = Annotated[
    str, StringConstraints(pattern=r"^(\*|[A-Za-z0-9][A-Za-z0-9._:@-]{0,127})$")
]


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyGrant(BaseModel):
    """One key as stored: its name, digest and scopes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    read: tuple[ScopePattern, ...] = ()
    write: tuple[ScopePattern, ...] = ()


class KeysFile(BaseModel):
    keys: list[KeyGrant] = Field(default_factory=list)


class Principal(BaseModel):
    """Who is asking: the grant of the key the request carried."""

    model_config = ConfigDict(frozen=True)

    name: str
    read: frozenset[str]
    write: frozenset[str]

    def can_write(self, scope: str) -> bool:
        return ALL_SCOPES in self.write or scope in self.write

    def can_read(self, scope: str) -> bool:
        return ALL_SCOPES in self.read or scope in self.read or self.can_write(scope)

    def require_read(self, scope: str) -> None:
        if not self.can_read(scope):
            raise ForbiddenError(f"this key may not read scope {scope!r}", scope)

    def require_write(self, scope: str) -> None:
        if not self.can_write(scope):
            raise ForbiddenError(f"this key may not write scope {scope!r}", scope)


class KeyRing:
    """Every grant, by digest."""

    def __init__(self, grants: list[KeyGrant]) -> None:
        self._by_digest = {g.sha256: g for g in grants}

    def __len__(self) -> int:
        return len(self._by_digest)

    def authenticate(self, key: str | None) -> Principal:
        if not key:
            raise UnauthenticatedError(
                "send an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
            )
        given = digest(key)
        for known, grant in self._by_digest.items():
            if hmac.compare_digest(known, given):
                return Principal(name=grant.name, read=frozenset(grant.read),
                                 write=frozenset(grant.write))  # fmt: skip
        raise UnauthenticatedError("unknown API key")


def read_keys_file(path: Path) -> list[KeyGrant]:
    """The grants in ``path``; none when it does not exist."""
    if not path.exists():
        return []
    try:
        return KeysFile.model_validate_json(path.read_bytes()).keys
    except (OSError, ValidationError) as error:
        raise KeysFileError(f"cannot read API keys from {path}: {error}") from error


def create_key(path: Path, name: str, read: list[str], write: list[str]) -> str:
    """Add a grant to ``path`` (created private to its owner) and return the new key, which is
    stored nowhere: the caller shows it once."""
    grants = read_keys_file(path)
    if any(g.name == name for g in grants):
        raise KeysFileError(f"a key named {name!r} exists in {path}; revoke it first")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        grant = KeyGrant(name=name, sha256=digest(key), read=tuple(read), write=tuple(write))
    except ValidationError as error:
        raise KeysFileError(f"invalid grant: {error}") from error
    _write_keys_file(path, [*grants, grant])
    return key


def revoke_key(path: Path, name: str) -> bool:
    grants = read_keys_file(path)
    kept = [g for g in grants if g.name != name]
    if len(kept) == len(grants):
        return False
    _write_keys_file(path, kept)
    return True


def _write_keys_file(path: Path, grants: list[KeyGrant]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(KeysFile(keys=grants).model_dump(mode="json"), indent=2)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(text + "\n")
    temporary.replace(path)


class KeysSource:
    """The key ring of a keys file plus fixed grants, re-read when the file changes, so keys
    created or revoked while the server runs take effect on the next request."""

    def __init__(self, path: Path, fixed: list[KeyGrant]) -> None:
        self.path = path
        self.fixed = fixed
        self._stamp: tuple[int, int] | None = None
        self._ring = KeyRing(fixed)

    def __call__(self) -> KeyRing:
        try:
            info = self.path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            stamp = (0, 0)
        if stamp != self._stamp:
            self._ring = KeyRing([*read_keys_file(self.path), *self.fixed])
            self._stamp = stamp
        return self._ring
