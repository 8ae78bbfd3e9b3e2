"""Warming a starting server: what the first recalls need is made ready before it says so.

After a restart the GDS catalog is empty (projections live in memory) and neither Neo4j's
query plans, the JIT, nor the server's own first-call paths know hippograph's statements: the
first recall on the sample took 12 s against 0.15 s warm. So the server projects the scopes
used last again and asks the schema itself recalls of each mode around the newest scope's main
entities, as a client would, before it reports ready. Neo4j caches a plan per statement and
parameter *types* (an empty list is not a list of strings, a missing date not a date), so the
questions cover each shape recall sends: with and without entities, dates and words. With the
local server's plans no longer keyed by list sizes (graph/launcher/process.py), the first recall
after a restart then costs what a warm one does (0.09 s on the sample).
"""

import logging
import time

import strawberry
from neo4j.exceptions import Neo4jError

from hippograph.api.auth import Principal
from hippograph.api.graphql.context import Context, Loaders, Resources
from hippograph.graph.browse import list_entities
from hippograph.graph.gds.projection import recent_scopes

log = logging.getLogger(__name__)
WARM_RECALL = """query($scope: String!, $query: String!, $mode: RecallMode!) {
  recall(scope: $scope, query: $query, k: 10, mode: $mode) {
    __typename ... on Recall { hits { rank score edu { id text sessionId turns { text } }
                                      explanation { summary } } } } }"""
# One mode per statement path: associative spreads, the others only search.
WARM_MODES = ("ASSOCIATIVE", "HYBRID", "DENSE", "LEXICAL")
# Questions are built around the scope's most mentioned entities.
WARM_ENTITIES = 12


async def warm(schema: strawberry.Schema, resources: Resources, scopes: int) -> None:
    """Project the ``scopes`` scopes built last and recall through ``schema`` in the newest."""
    if scopes <= 0:
        return
    started = time.perf_counter()
    found = await recent_scopes(resources.driver, resources.database, scopes)
    for scope in found:
        try:
            await resources.catalog.warm(resources.driver, resources.database, scope)
        except Neo4jError:  # a server that starts serves; this scope projects on first use
            log.warning("could not warm scope %s", scope, exc_info=True)
    if found:
        scope = found[0]
        reader = Principal(name="warm-up", read=frozenset([scope]), write=frozenset())
        top = await list_entities(resources.driver, resources.database, scope, 0, WARM_ENTITIES)
        # A date and no entity; neither; no word BM25 keeps; then entities.
        shapes = ["What happened last week?", "What did they talk about?", "Is it?"]
        questions = shapes + [f"When did {e.name} come up, and what about {e.name}?" for e in top]
        for question in questions:
            for mode in WARM_MODES:
                context = Context(resources=resources, principal=reader, loaders=Loaders(resources))
                values = {"scope": scope, "query": question, "mode": mode}
                result = await schema.execute(WARM_RECALL, values, context_value=context)
                if result.errors:
                    log.warning("warm-up recall failed: %s", result.errors[0])
    log.info("warmed %d scopes in %.1f s", len(found), time.perf_counter() - started)
