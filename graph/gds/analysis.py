"""A scope in a notebook, on the graphdatascience client: its warm projection as a GDS
``Graph``, and its scenes, personas, activation and most central entities as pandas DataFrames.

Synchronous, as the client is: for notebooks and batch jobs, never the async server. The same
statements as Neo4j Browser's (``queries/analyst/``, ``queries/scenes/``); docs/analysis.md walks
through the sample.
"""

from typing import Any

import pandas as pd
from graphdatascience import Graph, GraphDataScience
from pydantic import SecretStr

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.cypher import load_query
from hippograph.graph.errors import NotFoundError
from hippograph.graph.fulltext import query_terms
from hippograph.graph.gds.client import open_gds

SCENE_COLUMNS = ["id", "level", "size", "sessions", "start", "end", "top_entities", "summary",
                 "summarized_by", "parent_id"]  # fmt: skip
COLD = "scope {scope!r} has no projection in the GDS catalog: recall once, or build its scenes"


class ScopeAnalysis:
    """One scope of the database that ``gds`` talks to."""

    def __init__(self, gds: GraphDataScience, scope: str) -> None:
        self.gds = gds
        self.scope = scope

    @classmethod
    def connect(
        cls, uri: str, user: str, password: str, scope: str, database: str = "neo4j"
    ) -> "ScopeAnalysis":
        config = Neo4jConfig(uri=uri, user=user, password=SecretStr(password), database=database)
        return cls(open_gds(config), scope)

    def _frame(self, name: str, **values: Any) -> pd.DataFrame:
        query = load_query(name)
        frame: pd.DataFrame = self.gds.run_cypher(
            query.cypher, query.parameters({"scope": self.scope, **values})
        )
        return frame

    def graph(self) -> Graph:
        """The scope's current projection (the one recall uses), as a graphdatascience Graph."""
        found = self._frame("gds/get_projection")
        if found.empty:
            raise NotFoundError(COLD.format(scope=self.scope))
        return self.gds.graph.get(str(found["graph"].iloc[0]))

    def scenes(self, level: int | None = None, limit: int = 100) -> pd.DataFrame:
        """Leiden scenes at ``level`` (None: every level, the finest first), largest first."""
        found = self._frame("scenes/list_scenes", level=level, skip=0, limit=limit)
        return pd.DataFrame(list(found["scene"]) if not found.empty else [], columns=SCENE_COLUMNS)

    def personas(self) -> pd.DataFrame:
        """The speakers' personas, most statements first."""
        return self._frame("scenes/list_personas")

    def activation(
        self, question: str | None = None, entity: str | None = None, limit: int = 25
    ) -> pd.DataFrame:
        """What a question's words (BM25 seeds) or one entity activates: personalized PageRank
        on the warm projection, the most activated EDUs and entities first."""
        if (question is None) == (entity is None):
            raise ValueError("give a question or an entity, not both")
        if question is not None:
            # Plain words: a question's punctuation would be Lucene syntax.
            words = " ".join(query_terms(question))
            found = self._frame("analyst/stream_activation", words=words)
        else:
            found = self._frame("analyst/stream_entity_activation", entity=entity, limit=limit)
        if found.empty:
            self.graph()  # says so when the projection is cold
        return found.head(limit)

    def centrality(self, limit: int = 20) -> pd.DataFrame:
        """The most central entities: PageRank over EDUs and entities, without seeds."""
        self.graph()
        return self._frame("analyst/stream_entity_centrality", limit=limit)
