"""What one GraphQL operation may cost: depth, tokens, aliases and an estimate of the nodes it
would return, checked before any resolver runs."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    ValueNode,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.query_depth_limiter import IgnoreContext

from hippograph.api.settings import ApiLimits
from hippograph.graph.recall.model import MAX_K

# Arguments that say how many items a field returns (its page size); their schema defaults
# apply when a query leaves them out.
_SIZE_ARGUMENTS = ("first", "k", "limit")
# No field returns more than its own bound (a larger size is refused by the field itself, with
# its rule), so a size past it costs no more than the bound: a k of 100,000 then meets the k
# rule rather than the cost limit. The page bound is the configured one.
_BOUNDS = {"k": MAX_K, "limit": MAX_K}


def _introspection(context: IgnoreContext) -> bool:
    return context.field_name.startswith("__")


def _size(
    node: FieldNode, field: GraphQLField, variables: Mapping[str, Any], bounds: Mapping[str, int]
) -> int:
    given = {a.name.value: a.value for a in node.arguments or ()}
    for name in _SIZE_ARGUMENTS:
        if name in given:
            value = _value(given[name], variables)
        elif name in field.args and field.args[name].default_value is not Undefined:
            value = field.args[name].default_value
        else:
            continue
        return min(value, bounds.get(name, value)) if isinstance(value, int) and value > 0 else 1
    return 1


def _value(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    return value_from_ast_untyped(node, dict(variables))


@dataclass(frozen=True)
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    bounds: Mapping[str, int]

    def cost(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    kind = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, kind)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, kind)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        fields = getattr(parent, "fields", {})
        field = fields.get(node.name.value)
        if field is None or node.name.value.startswith("__"):
            return 0
        if node.selection_set is None:
            return 1
        inner = self.cost(node.selection_set, get_named_type(field.type))
        return 1 + _size(node, field, self.variables, self.bounds) * inner


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    max_page: int,
) -> int:
    """Fields the operation could resolve: each field counts 1, and the fields under one that
    takes a page size (``first``, ``k`` or ``limit``, given or by default) count that many
    times, up to the size the field allows."""
    root = schema.get_root_type(operation.operation)
    walk = _Walk(schema, fragments, variables, {**_BOUNDS, "first": max_page})
    return walk.cost(operation.selection_set, root)


class CostLimiter(SchemaExtension):
    def __init__(self, max_cost: int, max_page: int) -> None:
        self.max_cost = max_cost
        self.max_page = max_page

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            for operation in document.definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                if context.operation_name and (
                    operation.name is None or operation.name.value != context.operation_name
                ):
                    continue
                cost = operation_cost(
                    context.schema._schema,
                    operation,
                    fragments,
                    context.variables or {},
                    self.max_page,
                )
                if cost > self.max_cost:
                    raise GraphQLError(
                        f"the operation could resolve {cost} fields; the limit is "
                        f"{self.max_cost} (ask for smaller pages)",
                        extensions={
                            "code": "COST_LIMIT_EXCEEDED",
                            "cost": cost,
                            "limit": self.max_cost,
                        },
                    )
        yield


def limit_extensions(limits: ApiLimits) -> list[Callable[[], SchemaExtension]]:
    """Extension factories (strawberry builds each extension afresh per operation). The alias
    and depth rules are made once: rule classes made per operation missed the validation cache
    (api/graphql/__init__.py) every time."""
    rules = [
        *MaxAliasesLimiter(max_alias_count=50).validation_rules,
        *QueryDepthLimiter(
            max_depth=limits.max_depth, should_ignore=_introspection
        ).validation_rules,
    ]
    return [
        partial(MaxTokensLimiter, max_token_count=limits.max_document_chars // 4),
        partial(AddValidationRules, rules),
        partial(CostLimiter, limits.max_cost, limits.max_page),
    ]
