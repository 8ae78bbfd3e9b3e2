// The analyst dashboard: everything it shows comes from the GraphQL API, with the API key the
// analyst types (kept for this tab only), under the same scope rules as any client.
import Chart from "chart.js/auto";
import "chartjs-adapter-date-fns";
import cytoscape from "cytoscape";

const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem("hippograph-key") || "", scope: "", charts: {} };
window.hippographDashboard = state; // its charts and graph, for a person (or a test) to inspect

async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || body.errors) {
    throw new Error(body.errors ? body.errors[0].message : `HTTP ${response.status}`);
  }
  return body.data;
}

function problem(result) {
  // A typed error of the API (ValidationError, ForbiddenError, ...) becomes an exception.
  if (result && result.__typename && result.__typename.endsWith("Error")) {
    throw new Error(result.message);
  }
  return result;
}

function say(text) { $("status").textContent = text; }

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function chart(id, config) {
  state.charts[id]?.destroy();
  state.charts[id] = new Chart($(id), config);
}

async function loadScopes() {
  const data = await gql(`{ scopes(first: 100) { __typename
    ... on ScopeConnection { nodes { id sessionCount } } ... on Error { message } } }`);
  const scopes = problem(data.scopes).nodes;
  const select = $("scope");
  select.replaceChildren(...scopes.map((s) => {
    const option = element("option", `${s.id} (${s.sessionCount} sessions)`);
    option.value = s.id;
    return option;
  }));
  select.disabled = scopes.length === 0;
  const preferred = scopes.find((s) => s.id === "sample") || scopes[0];
  if (preferred) select.value = preferred.id;
  return select.value;
}

async function loadOverview(scope) {
  const data = await gql(`query($scope: String!) {
    stats(scope: $scope) { __typename
      ... on Stats { sessions turns edus entities scenes edusWithoutScene scenesStale }
                           ... on Error { message } }
    sessions(scope: $scope, first: 100) { __typename
      ... on SessionConnection { nodes { id startedAt turnCount eduCount } } ... on Error { message } }
    entities(scope: $scope, first: 12) { __typename
      ... on EntityConnection { nodes { id name type eduCount timeline { name count } } }
      ... on Error { message } }
    scenes(scope: $scope, first: 100) { __typename
      ... on SceneConnection { nodes { id level size sessions start end topEntities summary } }
      ... on Error { message } }
  }`, { scope });
  const stats = problem(data.stats);
  $("counts").replaceChildren(...["sessions", "turns", "edus", "entities", "scenes"].map((name) => {
    const box = element("div");
    box.append(element("dt", name === "edus" ? "EDUs" : name), element("dd", String(stats[name])));
    box.dataset.count = name;
    return box;
  }));
  // Appended turns join a scene only when scenes are built again (the server does so in the
  // background once enough were appended): say how many EDUs wait for one.
  const stale = element("p", stats.scenesStale
    ? `${stats.edusWithoutScene} EDUs are in no scene yet (appended after the scenes were built)`
    : "", "stale");
  stale.id = "scene-staleness";
  $("scene-staleness")?.remove();
  $("counts").after(stale);
  const sessions = problem(data.sessions).nodes;
  chart("timeline", {
    type: "bar",
    data: {
      labels: sessions.map((s) => `${(s.startedAt || "").slice(0, 10)} ${s.id.split("/")[0]}`),
      datasets: [
        { label: "EDUs", data: sessions.map((s) => s.eduCount), backgroundColor: "#3b6fd8" },
        { label: "turns", data: sessions.map((s) => s.turnCount), backgroundColor: "#f79767" },
      ],
    },
    options: { responsive: true, plugins: { legend: { position: "bottom" } } },
  });
  const entities = problem(data.entities).nodes;
  const months = everyMonth(entities.flatMap((e) => e.timeline.map((t) => t.name)));
  chart("trends", {
    type: "line",
    data: {
      // Every month from the first to the last, a quiet one at 0: time runs evenly.
      datasets: entities.slice(0, 6).map((e) => ({
        label: e.name,
        data: months.map((m) => ({
          x: `${m}-01`, y: e.timeline.find((t) => t.name === m)?.count || 0,
        })),
      })),
    },
    options: {
      responsive: true,
      plugins: { legend: { position: "bottom" } },
      scales: {
        x: { type: "time", time: { unit: "month", tooltipFormat: "MMM yyyy" } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "EDUs" } },
      },
    },
  });
  $("entities").replaceChildren(...entities.map((e) => entityChip(e.name, e.eduCount)));
  const scenes = problem(data.scenes).nodes;
  $("scenes").tBodies[0].replaceChildren(...scenes.map((s) => {
    const row = element("tr");
    for (const cell of [sceneName(s), s.level, s.size, s.sessions, s.topEntities.join(", "), s.summary]) {
      row.append(element("td", String(cell)));
    }
    row.cells[0].title = `scene ${s.id} in the graph (Neo4j Browser: docs/browser.md)`;
    return row;
  }));
}

// "YYYY-MM" months from the first to the last of ``seen``, none skipped.
function everyMonth(seen) {
  const sorted = [...new Set(seen)].sort();
  if (sorted.length === 0) return [];
  const months = [];
  let [year, month] = sorted[0].split("-").map(Number);
  const last = sorted[sorted.length - 1];
  for (;;) {
    const name = `${year}-${String(month).padStart(2, "0")}`;
    months.push(name);
    if (name >= last) return months;
    month = month === 12 ? 1 : month + 1;
    year += month === 1 ? 1 : 0;
  }
}

const MONTH = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });

// A scene as an analyst reads it: what it is about and when, not its id in the graph.
function sceneName(scene) {
  const about = scene.topEntities.slice(0, 3).join(", ") || "(no entities)";
  if (!scene.start) return about;
  const [start, end] = [scene.start, scene.end || scene.start].map((d) => MONTH.format(new Date(d)));
  return `${about} · ${start === end ? start : `${start} – ${end}`}`;
}

function brief(text, most = 90) {
  return text.length <= most ? text : `${text.slice(0, most - 1).replace(/\s+\S*$/, "")}…`;
}

function entityChip(name, count) {
  const item = element("li");
  const button = element("button", count === undefined ? name : `${name} (${count})`);
  button.type = "button";
  button.addEventListener("click", () => showEntity(name).catch((e) => say(e.message)));
  item.append(button);
  return item;
}

async function recall(event) {
  event.preventDefault();
  say("Recalling…");
  const data = await gql(`query($scope: String!, $query: String!, $mode: RecallMode!) {
    recall(scope: $scope, query: $query, k: 8, mode: $mode) { __typename
      ... on Recall { hits { rank score
        edu { id text sessionId sessionDate turns { id speaker text } scene { id summary }
              entities { entity { name } } supersededBy { text at } }
        explanation { summary path { kind name } } } }
      ... on Error { message } } }`,
  { scope: state.scope, query: $("question").value, mode: $("mode").value });
  const hits = problem(data.recall).hits;
  $("hits").replaceChildren(...hits.map((hit) => {
    const item = element("li");
    item.className = "hit";
    item.append(element("div", hit.edu.text, "hit-text"));
    const when = (hit.edu.sessionDate || "").slice(0, 10);
    item.append(element("div", `score ${hit.score.toFixed(4)} · ${hit.edu.sessionId} ${when}` +
      (hit.edu.scene ? ` · scene: ${brief(hit.edu.scene.summary)}` : ""), "meta"));
    if (hit.edu.supersededBy) {
      item.classList.add("superseded");
      item.append(element("div", `superseded ${hit.edu.supersededBy.at || ""} by: ${hit.edu.supersededBy.text}`, "meta"));
    }
    for (const turn of hit.edu.turns) {
      item.append(element("div", `${turn.id} ${turn.speaker}: ${turn.text}`, "turn"));
    }
    item.append(element("div", `why: ${hit.explanation.summary}`, "why"));
    const chips = element("ul", undefined, "chips");
    chips.append(...hit.edu.entities.map((m) => entityChip(m.entity.name)));
    item.append(chips);
    return item;
  }));
  say(`${hits.length} hits (${$("mode").value.toLowerCase()})`);
}

async function showEntity(name) {
  const data = await gql(`query($scope: String!, $name: String!) {
    entity(scope: $scope, name: $name) { __typename
      ... on Entity { id name type sessionCount
        neighbours(first: 15) { nodes { sharedEdus similarity entity { id name type } } }
        edus(first: 50) { nodes { id text sessionId sessionDate validTo
                                  supersededBy { text at attribute } } } }
      ... on Error { message } }
    history(scope: $scope, entity: $name) { __typename
      ... on History { entries { eduId attribute value ended validFrom validTo supersededBy } }
      ... on Error { message } } }`, { scope: state.scope, name });
  const entity = problem(data.entity);
  drawHistory(problem(data.history).entries);
  $("entity-title").textContent = `Entity: ${entity.name} (${entity.type}, ${entity.sessionCount} sessions)`;
  $("entity-hint").textContent = "Neighbours share EDUs with it; thicker edges share more.";
  const neighbours = entity.neighbours.nodes;
  state.graph?.destroy();
  state.graph = cytoscape({
    container: $("graph"),
    elements: [
      { data: { id: entity.id, label: entity.name, centre: 1 } },
      ...neighbours.map((n) => ({ data: { id: n.entity.id, label: n.entity.name } })),
      ...neighbours.map((n) => ({
        data: { source: entity.id, target: n.entity.id, weight: Math.max(1, n.sharedEdus) },
      })),
    ],
    style: [
      { selector: "node", style: {
        label: "data(label)", "background-color": "#57c7e3", "font-size": 11,
        "text-wrap": "ellipsis", "text-max-width": "84px", "text-valign": "bottom",
        "text-margin-y": 3, "text-background-color": "#ffffff", "text-background-opacity": 0.8,
      } },
      { selector: "node[centre]", style: { "background-color": "#f79767", width: 40, height: 40 } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 8)", "line-color": "#b8c2d6" } },
    ],
    // The entity in the middle, its neighbours on rings spaced by their labelled size, so no
    // two labels overlap (a force layout packed long names over each other).
    layout: {
      name: "concentric", animate: false, avoidOverlap: true, nodeDimensionsIncludeLabels: true,
      concentric: (node) => (node.data("centre") ? 2 : 1), levelWidth: () => 1, spacingFactor: 0.8,
    },
  });
  state.graph.on("tap", "node", (event) => {
    const label = event.target.data("label");
    if (label !== entity.name) showEntity(label).catch((e) => say(e.message));
  });
  $("entity-edus").replaceChildren(...entity.edus.nodes.map((e) => {
    const item = element("li", `${(e.sessionDate || "").slice(0, 10)} · ${e.text}`);
    if (e.supersededBy) {
      // A fact that no longer holds: struck through, with what replaced it and from when.
      item.className = "superseded";
      item.append(element("div", `superseded ${e.supersededBy.at || ""} (${e.supersededBy.attribute}) by: ` +
        e.supersededBy.text, "meta"));
    }
    return item;
  }));
}

// The entity's facts over time: one row per attribute, one bar per value from when it held
// until the statement that superseded it (grey) or until now (blue); the bars of a row are
// its chain.
function drawHistory(entries) {
  const held = entries.filter((e) => e.validFrom && !e.ended);
  $("history-hint").textContent = held.length
    ? "Each row is one fact; a grey bar was superseded by the bar after it."
    : "No facts of this entity have changed or been stated as facts yet.";
  const last = held.reduce((most, e) => [e.validFrom, e.validTo || ""].reduce(
    (a, b) => (b > a ? b : a), most), "");
  const until = new Date(new Date(last || Date.now()).getTime() + 30 * 86400000).toISOString().slice(0, 10);
  chart("history", {
    type: "bar",
    data: {
      datasets: [{
        label: "held",
        data: held.map((e) => ({ x: [e.validFrom, e.validTo || until], y: e.attribute, value: e.value,
          superseded: Boolean(e.supersededBy) })),
        backgroundColor: held.map((e) => (e.supersededBy ? "#b8c2d6" : "#3b6fd8")),
        borderSkipped: false,
        barPercentage: 0.6,
      }],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${item.raw.value}${item.raw.superseded ? " (superseded)" : ""}` } },
      },
      scales: { x: { type: "time", time: { unit: "month", tooltipFormat: "d MMM yyyy" } } },
    },
  });
}

// The scope's sessions as hippograph JSONL: an exportScope job, polled, then saved as a file.
async function exportScope() {
  const job = `__typename ... on Job { id state error export } ... on Error { message }`;
  const started = await gql(`mutation($scope: String!) { exportScope(scope: $scope) { ${job} } }`,
    { scope: state.scope });
  let current = problem(started.exportScope);
  say(`Exporting ${state.scope}…`);
  while (current.state === "PENDING" || current.state === "RUNNING") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    current = problem((await gql(`query($id: ID!) { job(id: $id) { ${job} } }`, { id: current.id })).job);
  }
  if (current.state !== "DONE") throw new Error(current.error || "the export failed");
  const link = element("a");
  link.href = URL.createObjectURL(new Blob([current.export], { type: "application/x-ndjson" }));
  link.download = `${state.scope}.jsonl`;
  link.click();
  URL.revokeObjectURL(link.href);
  say(`Scope ${state.scope} exported`);
}

async function connect(event) {
  event?.preventDefault();
  state.key = $("key").value.trim();
  sessionStorage.setItem("hippograph-key", state.key);
  try {
    say("Loading…");
    state.scope = await loadScopes();
    if (!state.scope) { say("This key may read no scope that holds sessions."); return; }
    await loadOverview(state.scope);
    say(`Scope ${state.scope}`);
  } catch (error) {
    say(`Error: ${error.message}`);
  }
}

$("connect").addEventListener("submit", connect);
$("scope").addEventListener("change", async () => {
  state.scope = $("scope").value;
  try { await loadOverview(state.scope); say(`Scope ${state.scope}`); } catch (e) { say(`Error: ${e.message}`); }
});
$("recall").addEventListener("submit", (event) => recall(event).catch((e) => say(`Error: ${e.message}`)));
$("export").addEventListener("click", () => exportScope().catch((e) => say(`Error: ${e.message}`)));

// A key may arrive in the URL fragment (never sent to the server): keep it, then drop it.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get("key")) {
  state.key = fragment.get("key");
  history.replaceState(null, "", location.pathname);
}
if (state.key) { $("key").value = state.key; connect(); }
