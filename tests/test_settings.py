"""Settings come from HIPPOGRAPH_* variables; secrets are never placeholders or committed."""

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from hippograph.api.settings import Settings
from hippograph.graph.launcher import local_password


def test_settings_read_the_hippograph_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HIPPOGRAPH_NEO4J_BOLT_PORT", "17687")
    monkeypatch.setenv("HIPPOGRAPH_CACHE_DIR", str(tmp_path))
    settings = Settings()
    assert settings.local_server().bolt_uri == "bolt://127.0.0.1:17687"
    assert settings.neo4j().uri == "bolt://127.0.0.1:17687"
    assert settings.local_server().home == tmp_path / "neo4j-2026.01.4"


@pytest.mark.parametrize("placeholder", ["neo4j", "changeme", "short"])
def test_placeholder_passwords_are_rejected(
    monkeypatch: pytest.MonkeyPatch, placeholder: str
) -> None:
    monkeypatch.setenv("HIPPOGRAPH_NEO4J_PASSWORD", placeholder)
    with pytest.raises(ValidationError, match="real password"):
        Settings()


def test_a_local_password_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = local_password(tmp_path, None)
    assert len(first) >= 16
    assert local_password(tmp_path, None) == first
    mode = stat.S_IMODE((tmp_path / "neo4j-password").stat().st_mode)
    assert mode == 0o600
    assert local_password(tmp_path, "given-password") == "given-password"
