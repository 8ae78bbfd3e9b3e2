"""The README's "Use it from your agent" snippets, run as written against the real server."""

import os
import re
import subprocess
from pathlib import Path

from tests.api_server import HIPPOGRAPH, Api

README = Path(__file__).resolve().parents[2] / "README.md"


def _snippets() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use it from your agent", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL))


def test_the_readme_agent_snippets_run_against_the_server(api: Api, tmp_path: Path) -> None:
    scope, key = api.own_scope("readme")
    script = tmp_path / "snippets.py"
    script.write_text(_snippets(), encoding="utf-8")
    env = {
        **os.environ,
        "HIPPOGRAPH_URL": api.url,
        "HIPPOGRAPH_KEY": key,
        "HIPPOGRAPH_SCOPE": scope,
        # The venv's bin is not on PATH, as in a shell that never activated it.
        "PATH": os.pathsep.join(
            p
            for p in os.environ.get("PATH", "").split(os.pathsep)
            if Path(p).resolve() != Path(HIPPOGRAPH).parent.resolve()
        ),
    }
    python = str(Path(HIPPOGRAPH).with_name("python"))
    done = subprocess.run([python, str(script)], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1 ") and "Pepper" in lines[0] and "Maya" in lines[0]
    assert any("Girona" in line for line in lines[1:])
    assert "Pepper" in lines[-1]
