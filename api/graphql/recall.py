"""Recall: the EDUs that answer a question, ranked and explained, and what surrounds an entity
by personalized PageRank."""

from datetime import date, datetime
from typing import Annotated

import strawberry
from pydantic import ValidationError

from hippograph.api.graphql.browse import EDU
from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.problems import Problem, answered, invalid_input
from hippograph.graph.errors import LimitExceededError
from hippograph.graph.recall import model as r
from hippograph.graph.recall.engine import recall as recall_edus
from hippograph.graph.recall.model import MAX_QUERY_CHARS, RecallFilters, RecallMode
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.recall.related import Related as RelatedModel
from hippograph.graph.recall.related import related as related_to

strawberry.enum(RecallMode, description="How recall ranks EDUs.")


@strawberry.input(description="Narrow recall; unset fields do not narrow.")
class RecallFiltersInput:
    speaker: str | None = None
    session: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def to_model(self, as_of: date | None = None) -> RecallFilters:
        try:
            return RecallFilters(
                speaker=self.speaker,
                session=self.session,
                date_from=self.date_from,
                date_to=self.date_to,
                as_of=as_of,
            )
        except ValidationError as error:
            raise invalid_input(error, "filters") from None


@strawberry.type
class PathStep:
    kind: str
    id: strawberry.ID
    name: str


@strawberry.type
class Explanation:
    mode: RecallMode
    dense_rank: int | None
    dense_score: float | None
    lexical_rank: int | None
    lexical_score: float | None
    matched_terms: list[str]
    activation_rank: int | None
    activation_score: float | None
    path: list[PathStep] = strawberry.field(description="from the hit back to its seed")
    summary: str = strawberry.field(description="the same, in words")

    @classmethod
    def of(cls, x: r.Explanation) -> "Explanation":
        return cls(
            mode=x.mode,
            dense_rank=x.dense_rank,
            dense_score=x.dense_score,
            lexical_rank=x.lexical_rank,
            lexical_score=x.lexical_score,
            matched_terms=list(x.matched_terms),
            activation_rank=x.activation_rank,
            activation_score=x.activation_score,
            path=[PathStep(kind=p.kind, id=strawberry.ID(p.id), name=p.name) for p in x.path],
            summary=x.summary,
        )

    @strawberry.field(description="The seed the activation came from (the path's end).")
    def seed(self) -> PathStep | None:
        return self.path[-1] if self.path else None


@strawberry.type
class RecallHit:
    rank: int
    score: float
    edu: EDU
    explanation: Explanation


@strawberry.type
class Recall:
    scope: str
    question: str
    resolved: str = strawberry.field(description="the question with its dates made absolute")
    mode: RecallMode
    entity_keys: list[str] = strawberry.field(description="entities the question names")
    hits: list[RecallHit] = strawberry.field(description="best first; at most k")


@strawberry.type
class RelatedEntity:
    id: strawberry.ID
    name: str
    type: str
    score: float


@strawberry.type
class RelatedEDU:
    id: strawberry.ID
    text: str
    session_id: str
    score: float


@strawberry.type
class Related:
    id: strawberry.ID
    name: str
    type: str
    entities: list[RelatedEntity] = strawberry.field(description="most activated first")
    edus: list[RelatedEDU] = strawberry.field(description="most activated first")

    @classmethod
    def of(cls, x: RelatedModel) -> "Related":
        return cls(
            id=strawberry.ID(x.id),
            name=x.name,
            type=x.type,
            entities=[
                RelatedEntity(id=strawberry.ID(e.id), name=e.name, type=e.type, score=e.score)
                for e in x.entities
            ],
            edus=[
                RelatedEDU(id=strawberry.ID(e.id), text=e.text, session_id=e.session, score=e.score)
                for e in x.edus
            ],
        )


RecallResult = Annotated[Recall | Problem, strawberry.union("RecallResult")]
RelatedResult = Annotated[Related | Problem, strawberry.union("RelatedResult")]
ReferenceTime = Annotated[
    datetime | None, strawberry.argument(description="when the question is asked ('last week')")
]
AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="answer as of this day: only what was valid then (said by then, not yet "
        "superseded); unset, what superseded a statement ranks before it"
    ),
]


@strawberry.type
class RecallQueries:
    @answered(
        "Associative recall: the EDUs that answer a question, ranked and explained, with their "
        "source turns."
    )
    async def recall(
        self,
        info: Ctx,
        scope: str,
        query: str,
        k: int = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
        filters: RecallFiltersInput | None = None,
        reference_time: ReferenceTime = None,
        as_of: AsOf = None,
    ) -> RecallResult:
        readable = info.context.readable(scope)
        if len(query) > MAX_QUERY_CHARS:
            raise LimitExceededError(
                f"the query has {len(query)} characters; the limit is {MAX_QUERY_CHARS}",
                MAX_QUERY_CHARS,
            )
        res = info.context.resources
        prepared = await res.questions.prepare(query, reference_time)
        hits = await recall_edus(
            res.driver,
            res.database,
            readable,
            prepared,
            k=k,
            preset=PRESETS[mode.value],
            filters=(filters or RecallFiltersInput()).to_model(as_of),
            catalog=res.catalog,
            lexicon=res.lexicon,
        )
        return Recall(
            scope=readable,
            question=query,
            resolved=prepared.text,
            mode=mode,
            entity_keys=list(prepared.entity_keys),
            hits=[
                RecallHit(
                    rank=i,
                    score=h.score,
                    edu=EDU.of(readable, h),
                    explanation=Explanation.of(h.explanation),
                )
                for i, h in enumerate(hits, 1)
            ],
        )

    @answered("Entities and EDUs around an entity, by personalized PageRank from it.")
    async def related(self, info: Ctx, scope: str, entity: str, limit: int = 10) -> RelatedResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        found = await related_to(res.driver, res.database, readable, entity, limit, res.catalog)
        return Related.of(found)
