"""The analyst dashboard in a real browser (Playwright driving Debian's Chromium, headless)
against the running API with the sample conversations: counts, a recall with provenance, an
entity's neighbourhood; and an entity whose facts changed, with their chain. Screenshots go
to the test's folder (and are listed on failure)."""

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hippograph.api.app import DASHBOARD_DIST
from hippograph.client import HippographClient
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS
from tests.api_server import Api, sessions_in, wait_for_job
from tests.ingest.conversations import MOVES

SAMPLE = SAMPLE_CONVERSATIONS
CHROMIUM = "/usr/bin/chromium"
# What an entity list must not be made of: months, weekdays, parts of the day, ordinals,
# numbers and units of time or amount ("May", "Saturday", "noon", "12th", "four hour").
TIMES_AND_AMOUNTS = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|noon|midnight"
    r"|morning|evening|tonight|today|yesterday|tomorrow|weekend|\d+(?:st|nd|rd|th)?"
    r"|first|second|third|fourth|fifth|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|twenty|thirty|forty|fifty|hundred|dozen|minutes?|hours?|days?|weeks?|months?|years?"
    r"|percent|dollars?|euros?|kilos?|km)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def sample(api: Api) -> str:
    """The sample conversations sent as one batch by the analyst's key, with scenes built."""
    sessions = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sessions.append({"id": record["session"], "conversation": record["conversation"],
                         "startedAt": record["started_at"], "turns": record["turns"]})  # fmt: skip
    scope = api.scopes["sample"]
    started = api.gql(
        """mutation($s: String!, $sessions: [SessionInput!]!) {
             ingestSessions(scope: $s, sessions: $sessions) { ... on Job { id } } }""",
        "analyst", s=scope, sessions=sessions,
    )["ingestSessions"]  # fmt: skip
    assert wait_for_job(api, started["id"], "analyst")["state"] == "DONE"
    built = api.gql('mutation($s: String!) { buildScenes(scope: $s) { __typename } }',
                    "analyst", s=scope)["buildScenes"]  # fmt: skip
    assert built["__typename"] == "ScenesBuilt"
    return scope


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert (DASHBOARD_DIST / "app.js").exists(), "build the dashboard first: make setup"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, api: Api, sample: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    opened = context.new_page()
    opened.goto(f"{api.url}/dashboard/#key={api.keys['analyst']}")
    expect(opened.locator("#status")).to_have_text(f"Scope {sample}", timeout=30_000)
    yield opened
    context.close()


def _count(page: Page, name: str) -> int:
    return int(page.locator(f'[data-count="{name}"] dd').inner_text())


def test_the_dashboard_shows_the_scope_counts(
    page: Page, api: Api, sample: str, tmp_path: Path
) -> None:
    stats: dict[str, Any] = api.gql(
        'query($s: String!) { stats(scope: $s) { ... on Stats { sessions turns edus entities '
        "scenes } } }", "analyst", s=sample,
    )["stats"]  # fmt: skip
    assert stats["sessions"] == 11 and stats["turns"] == 70
    for name in ("sessions", "turns", "edus", "entities", "scenes"):
        assert _count(page, name) == stats[name], name
    assert page.locator("#scope").input_value() == sample
    assert page.locator("#scenes tbody tr").count() == stats["scenes"]
    assert page.locator("#entities button").count() == 12
    page.screenshot(path=tmp_path / "overview.png", full_page=True)


def test_the_top_entities_are_things_not_times_or_amounts(page: Page) -> None:
    chips = page.locator("#entities button").all_inner_texts()
    names = [re.sub(r" \(\d+\)$", "", chip) for chip in chips]  # "Bubbles (5)" -> "Bubbles"
    assert len(names) == 12 and "Hana" in names
    assert [n for n in names if TIMES_AND_AMOUNTS.search(n)] == [], names


def test_a_recall_shows_ranked_edus_with_their_turns(page: Page, tmp_path: Path) -> None:
    page.get_by_label("Question").fill("When did Crumb & Co open?")
    page.get_by_label("Mode").select_option("ASSOCIATIVE")
    page.get_by_role("button", name="Recall").click()
    expect(page.locator("#status")).to_have_text("8 hits (associative)", timeout=30_000)
    first = page.locator("#hits li.hit").first
    expect(first.locator(".hit-text")).to_contain_text("Crumb & Co")
    expect(first.locator(".turn").first).to_contain_text("bakery/2025-03-03")
    expect(first.locator(".why")).to_contain_text("similar in meaning")
    page.get_by_label("Mode").select_option("LEXICAL")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Recall").press("Enter")  # by keyboard too
    expect(page.locator("#status")).to_have_text("8 hits (lexical)", timeout=30_000)
    page.screenshot(path=tmp_path / "recall.png", full_page=True)


def test_an_entity_view_draws_its_neighbourhood(page: Page, tmp_path: Path) -> None:
    page.locator("#entities button", has_text="Bubbles").click()
    expect(page.locator("#entity-title")).to_contain_text("Entity: Bubbles", timeout=30_000)
    expect(page.locator("#entity-edus li").first).to_contain_text("Bubbles")
    assert page.locator("#entity-edus li").count() >= 2
    assert page.locator("#graph canvas").count() >= 1  # cytoscape drew it
    page.screenshot(path=tmp_path / "entity.png", full_page=True)


def test_export_downloads_the_scope_as_jsonl(page: Page, sample: str) -> None:
    with page.expect_download(timeout=60_000) as downloading:
        page.get_by_role("button", name="Export JSONL").click()
    download = downloading.value
    assert download.suggested_filename == f"{sample}.jsonl"
    lines = [json.loads(line) for line in Path(download.path()).read_text().splitlines()]
    expected = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected) and all(line["turns"] for line in lines)
    expect(page.locator("#status")).to_have_text(f"Scope {sample} exported")


def test_the_entity_trend_runs_on_a_time_axis_with_every_month(page: Page) -> None:
    trend = page.evaluate(
        """() => { const chart = hippographDashboard.charts.trends;
                   return { axis: chart.scales.x.type,
                            points: chart.data.datasets[0].data.map((p) => p.x) }; }"""
    )
    assert trend["axis"] == "time"
    months = [point[:7] for point in trend["points"]]
    assert len(months) >= 2
    for before, after in itertools.pairwise(months):
        year, month = map(int, before.split("-"))
        assert after == (f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"), months


def test_the_entity_graphs_labels_do_not_overlap(page: Page, tmp_path: Path) -> None:
    page.locator("#entities button", has_text="Hana").click()
    expect(page.locator("#entity-title")).to_contain_text("Entity: Hana", timeout=30_000)
    boxes = page.evaluate(
        """() => hippographDashboard.graph.nodes().map((n) => {
             const b = n.boundingBox({ includeLabels: true, includeNodes: true });
             return [n.data('label'), b.x1, b.y1, b.x2, b.y2]; })"""
    )
    assert len(boxes) >= 4, boxes
    overlapping = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    page.locator("#graph").screenshot(path=tmp_path / "entity-graph.png")
    assert overlapping == [], overlapping


def test_scenes_are_named_by_what_they_are_about_and_when(page: Page) -> None:
    names = page.locator("#scenes tbody tr td:first-child").all_inner_texts()
    tops = page.locator("#scenes tbody tr td:nth-child(5)").all_inner_texts()
    assert names and not [n for n in names if re.fullmatch(r"L\d+-\d+", n)], names
    for name, top in zip(names, tops, strict=True):
        assert name.startswith(top.split(", ")[0]) and re.search(r"\b20\d\d\b", name), name


def test_an_entity_view_marks_superseded_facts_and_draws_their_chain(
    browser: Browser, api: Api, tmp_path: Path
) -> None:
    scope, key = api.own_scope("dashboard-history")
    with HippographClient(api.url, key) as client:
        assert client.ingest(scope, sessions_in(MOVES)).state == "DONE"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    opened = context.new_page()
    opened.goto(f"{api.url}/dashboard/#key={key}")
    expect(opened.locator("#status")).to_have_text(f"Scope {scope}", timeout=30_000)
    opened.locator("#entities button", has_text="Ana").first.click()
    expect(opened.locator("#entity-title")).to_contain_text("Entity: Ana", timeout=30_000)
    superseded = opened.locator("#entity-edus li.superseded")
    expect(superseded.first).to_contain_text("superseded")
    assert "Lisbon" in " ".join(superseded.all_inner_texts())
    bars = opened.evaluate(
        """() => { const chart = hippographDashboard.charts.history;
                   return chart.data.datasets[0].data.map((bar) => [bar.y, bar.value,
                     bar.superseded, bar.x[0], bar.x[1]]); }"""
    )
    residence = [bar for bar in bars if bar[0] == "residence"]
    assert [bar[1:3] for bar in residence] == [
        ["lisbon", True],
        ["porto", True],
        ["porto", True],
        ["madrid", False],
    ]
    assert residence[0][4] == residence[1][3] == "2024-02-26"  # Lisbon ends where Porto begins
    opened.screenshot(path=tmp_path / "entity-history.png", full_page=True)
    context.close()
