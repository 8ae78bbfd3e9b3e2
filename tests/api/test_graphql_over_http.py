"""The GraphQL-over-HTTP spec, as graphql-http's own server audits check it (npm, run by Node)
against the real `/graphql` with a key: every audit ok, none an error or a warning; and the
spec's media type, application/graphql-response+json, answered when asked for."""

import json
import os
import subprocess
from pathlib import Path

import httpx

from tests.api_server import Api

AUDIT = Path(__file__).resolve().parent / "audit"


def test_every_graphql_over_http_audit_passes_without_a_warning(api: Api) -> None:
    env = {**os.environ, "HIPPOGRAPH_AUDIT_URL": f"{api.url}/graphql",
           "HIPPOGRAPH_AUDIT_KEY": api.keys["orchard"]}  # fmt: skip
    done = subprocess.run(["node", "audit.mjs"], cwd=AUDIT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) > 50, done.stdout
    failing = [r for r in results if r["status"] != "ok"]
    assert failing == [], "\n".join(f"{r['status']} {r['name']}: {r['reason']}" for r in failing)
    print(f"graphql-http server audits: {len(results)} ok")  # shown with -s or -rP


def test_the_spec_media_type_is_answered_and_a_malformed_request_is_400_without_data(
    api: Api,
) -> None:
    asked = {"accept": "application/graphql-response+json",
             "authorization": f"Bearer {api.keys['orchard']}"}  # fmt: skip
    good = httpx.post(f"{api.url}/graphql", json={"query": "{ __typename }"}, headers=asked)
    assert good.status_code == 200
    assert good.headers["content-type"].startswith("application/graphql-response+json")
    assert good.json() == {"data": {"__typename": "Query"}}
    invalid = httpx.post(f"{api.url}/graphql", json={"query": "{ nope }"}, headers=asked)
    assert invalid.status_code == 400 and "data" not in invalid.json(), invalid.text
    assert invalid.headers["content-type"].startswith("application/graphql-response+json")
