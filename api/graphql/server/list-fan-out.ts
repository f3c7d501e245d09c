/**
 * How many rows a query can ask for: down each path of paginated fields (those taking `first`,
 * `last` or `limit`) the page sizes multiply, and the paths add up. Depth alone does not bound
 * this (Ponder's 742-byte query nested 15 deep asked for 50^7 rows); this does. It runs with
 * the request's variables, after validation, so `first: $n` is counted at its real value.
 */
import {
  getNamedType,
  isCompositeType,
  Kind,
  valueFromAST,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  isObjectType,
  isInterfaceType,
  type OperationDefinitionNode,
} from "graphql";
import type { QueryLimits } from "./limits.js";

const PAGE_SIZE_ARGUMENTS = ["first", "last", "limit"] as const;

export type ListFanOut = {
  /** Rows the query may fetch in the worst case. */
  rows: number;
  /** A page size above the limit, with the field that asked for it. */
  oversizedPage?: { field: string; argument: string; size: number };
};

type Walk = {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: Pick<QueryLimits, "defaultPageSize" | "maxPageSize">;
  oversizedPage?: ListFanOut["oversizedPage"];
  /** Rows below each fragment: a fragment spread a thousand times is walked once. */
  rowsOfFragment: Map<string, number>;
};

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

export function listFanOut(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { operationName?: string | null; variables?: Record<string, unknown> | null; limits: Pick<QueryLimits, "defaultPageSize" | "maxPageSize"> },
): ListFanOut {
  const operation = selectOperation(document, options.operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { rows: 0 };
  const walk: Walk = {
    schema,
    fragments: new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f])),
    variables: options.variables ?? {},
    limits: options.limits,
    rowsOfFragment: new Map(),
  };
  const rows = rowsOf(walk, operation.selectionSet, root);
  return walk.oversizedPage ? { rows, oversizedPage: walk.oversizedPage } : { rows };
}

/** Rows below one selection set, for one parent row. */
function rowsOf(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = fieldOf(parent, selection.name.value);
      if (!field || !selection.selectionSet) continue;
      const child = getNamedType(field.type);
      if (!isCompositeType(child)) continue;
      const pageSize = pageSizeOf(walk, field, selection.arguments ?? [], selection.name.value);
      const below = rowsOf(walk, selection.selectionSet, child);
      total = saturatingAdd(total, saturatingMultiply(pageSize, Math.max(1, below)));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (on && isCompositeType(on)) total = saturatingAdd(total, rowsOf(walk, selection.selectionSet, on));
    } else {
      total = saturatingAdd(total, rowsOfSpread(walk, selection.name.value));
    }
  }
  return total;
}

function rowsOfSpread(walk: Walk, name: string): number {
  const known = walk.rowsOfFragment.get(name);
  if (known !== undefined) return known;
  // Marked before the walk: a fragment spreading itself (invalid GraphQL, which validation
  // reports) counts nothing the second time instead of looping.
  walk.rowsOfFragment.set(name, 0);
  const fragment = walk.fragments.get(name);
  const on = fragment && walk.schema.getType(fragment.typeCondition.name.value);
  const rows = fragment && on && isCompositeType(on) ? rowsOf(walk, fragment.selectionSet, on) : 0;
  walk.rowsOfFragment.set(name, rows);
  return rows;
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The page a field asks for: 1 for a field that is not paginated. */
function pageSizeOf(walk: Walk, field: GraphQLField<unknown, unknown>, argumentNodes: readonly ArgumentNode[], fieldName: string): number {
  const pageArguments = field.args.filter((a): a is GraphQLArgument => (PAGE_SIZE_ARGUMENTS as readonly string[]).includes(a.name));
  if (pageArguments.length === 0) return 1;
  let size: number | undefined;
  for (const argument of pageArguments) {
    const node = argumentNodes.find((n) => n.name.value === argument.name);
    const value = node ? valueFromAST(node.value, argument.type, walk.variables) : undefined;
    if (typeof value !== "number") continue;
    if (value > walk.limits.maxPageSize) walk.oversizedPage ??= { field: fieldName, argument: argument.name, size: value };
    size = Math.max(size ?? 0, value);
  }
  return Math.max(0, size ?? walk.limits.defaultPageSize);
}

const saturatingAdd = (a: number, b: number) => Math.min(Number.MAX_SAFE_INTEGER, a + b);
const saturatingMultiply = (a: number, b: number) => Math.min(Number.MAX_SAFE_INTEGER, a * b);
