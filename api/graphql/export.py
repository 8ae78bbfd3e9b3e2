"""Exporting a scope: its sessions as hippograph JSONL, written by a background job (it reads
what it exports, so the key needs read access only)."""

from typing import Annotated

import strawberry

from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.jobs import Job
from hippograph.api.graphql.problems import Problem, answered_mutation

ExportScopeResult = Annotated[Job | Problem, strawberry.union("ExportScopeResult")]


@strawberry.type
class ExportMutations:
    @answered_mutation(
        "Export a scope's sessions as hippograph JSONL in the background: answers a job at "
        "once; poll job(id) until DONE and read its export (needs read access)."
    )
    async def export_scope(self, info: Ctx, scope: str) -> ExportScopeResult:
        readable = info.context.readable(scope)
        return Job.of(await info.context.resources.exports.start(readable))
