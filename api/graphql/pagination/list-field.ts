/**
 * A top-level list as a Relay connection: filters (equality fields, block and time ranges,
 * and/or), ordering on a keyset (sort column(s) then id), cursors, capped pages and a lazy
 * totalCount, all as of the answered block. One statement per page, one per totalCount.
 */
import { and, asc, count, desc, eq, gt, gte, lt, lte, or } from "ponder";
import type { SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { ObjectRef } from "@pothos/core";
import { builder } from "../builder.js";
import type { AsOfView, At } from "../context.js";
import type { EvidenceTable } from "../loaders/rows.js";
import { AsOfInputRef } from "../types/evidence.js";
import { SortDirectionEnum } from "../types/enums.js";
import { decodeCursor, encodeCursor, pageRequest, type KeyKind, type KeyValue } from "./cursor.js";

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

type ScalarName = "BigInt" | "Hex" | "String" | "Boolean";

/** One equality filter: its GraphQL scalar or enum and the SQL it becomes at a view. */
export type FilterField = {
  type: ScalarName | ReturnType<typeof builder.enumType>;
  description?: string;
  toSql(value: never, view: AsOfView): SQL | undefined;
};

export type OrderField = { columns: PgColumn[]; kinds: KeyKind[]; description?: string };

export type ListSpec<T extends EvidenceTable> = {
  /** Query field name, e.g. "inferences"; the type name prefixes the input types. */
  field: string;
  typeName: string;
  node: ObjectRef<BuilderTypes, At<T["$inferSelect"]>>;
  table: T;
  filters: Record<string, FilterField>;
  /** Extra orderings besides `block` (chain order, the default) and `id`. */
  orders?: Record<string, OrderField>;
  idKind: KeyKind;
};

type RangeValue = { from?: bigint | null; to?: bigint | null };

const RangeRef = builder.inputType("Range", {
  description: "Inclusive bounds; either may be omitted.",
  fields: (t) => ({ from: t.field({ type: "BigInt", required: false }), to: t.field({ type: "BigInt", required: false }) }),
});

const rangeSql = (column: PgColumn, r: RangeValue | null | undefined): SQL | undefined =>
  r ? and(r.from != null ? gte(column, r.from) : undefined, r.to != null ? lte(column, r.to) : undefined) : undefined;

/** Equality on a column (addresses and hashes are stored lower case). */
export const equals = (column: PgColumn): FilterField["toSql"] => ((value: unknown) => eq(column, typeof value === "string" ? value.toLowerCase() : value)) as FilterField["toSql"];

type FilterValue = Record<string, unknown> & { and?: FilterValue[] | null; or?: FilterValue[] | null; blockRange?: RangeValue | null; timeRange?: RangeValue | null };

function filterSql<T extends EvidenceTable>(spec: ListSpec<T>, filter: FilterValue | null | undefined, view: AsOfView): SQL | undefined {
  if (!filter) return undefined;
  const parts: (SQL | undefined)[] = [rangeSql(spec.table.blockNumber, filter.blockRange), rangeSql((spec.table as unknown as { blockTimestamp: PgColumn }).blockTimestamp, filter.timeRange)];
  for (const [name, f] of Object.entries(spec.filters)) {
    const v = filter[name];
    if (v !== undefined && v !== null) parts.push(f.toSql(v as never, view));
  }
  if (filter.and?.length) parts.push(and(...filter.and.map((f) => filterSql(spec, f, view))));
  if (filter.or?.length) parts.push(or(...filter.or.map((f) => filterSql(spec, f, view) ?? eq(spec.table.id, spec.table.id))));
  return and(...parts);
}

/** Rows strictly after (or before) the cursor's key in the given direction: lexicographic. */
function keysetSql(columns: PgColumn[], values: KeyValue[], ascending: boolean): SQL | undefined {
  const beyond = ascending ? gt : lt;
  const alternatives = columns.map((c, i) => and(...columns.slice(0, i).map((p, j) => eq(p, values[j])), beyond(c, values[i])));
  return or(...alternatives);
}

export function defineListField<T extends EvidenceTable>(spec: ListSpec<T>): void {
  const t0 = spec.table as unknown as Record<string, PgColumn>;
  const orders: Record<string, OrderField> = {
    block: { columns: [spec.table.blockNumber, spec.table.logIndex, spec.table.id], kinds: ["bigint", "int", spec.idKind], description: "Chain order (block, log index, id): the default." },
    id: { columns: [spec.table.id], kinds: [spec.idKind] },
    ...spec.orders,
  };
  const OrderFieldEnum = builder.enumType(`${spec.typeName}OrderField`, { values: Object.keys(orders) as [string, ...string[]] });
  const OrderRef = builder.inputType(`${spec.typeName}Order`, {
    fields: (t) => ({ field: t.field({ type: OrderFieldEnum, required: true }), direction: t.field({ type: SortDirectionEnum, required: false, defaultValue: "asc" }) }),
  });
  const FilterRef = builder.inputRef<FilterValue>(`${spec.typeName}Filter`);
  FilterRef.implement({
    description: "All given conditions hold (and); `or` holds when any of its filters does.",
    fields: (t) => ({
      ...Object.fromEntries(Object.entries(spec.filters).map(([name, f]) => [name, t.field({ type: f.type as "String", required: false, description: f.description })])),
      blockRange: t.field({ type: RangeRef, required: false, description: "Block of the record's evidence." }),
      timeRange: t.field({ type: RangeRef, required: false, description: "Unix time of the record's evidence." }),
      and: t.field({ type: [FilterRef], required: false }),
      or: t.field({ type: [FilterRef], required: false }),
    }),
  });
  const ConnectionRef = builder.connectionObject({ type: spec.node, name: `${spec.typeName}Connection` }, { name: `${spec.typeName}Edge` });
  builder.queryField(spec.field, (t) =>
    t.field({
      type: ConnectionRef,
      nullable: true,
      description: `${spec.typeName} records as of the answered block, filtered and ordered, paged by keyset cursors (at most 1000 a page).`,
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        last: t.arg.int({ required: false }),
        before: t.arg.string({ required: false }),
        filter: t.arg({ type: FilterRef, required: false }),
        orderBy: t.arg({ type: OrderRef, required: false }),
        asOf: t.arg({ type: AsOfInputRef, required: false }),
      },
      complexity: (args) => ({ field: 1, multiplier: args.first ?? args.last ?? 100 }),
      resolve: async (_root, args, ctx) => {
        const page = pageRequest(args);
        const view = await ctx.view(args.asOf);
        const order = orders[args.orderBy?.field ?? "block"]!;
        const ascending = (args.orderBy?.direction ?? "asc") === "asc";
        const forward = ascending !== page.backward;
        const base = and(lte(spec.table.blockNumber, view.block.number), filterSql(spec, args.filter, view));
        const keyset = page.cursor === null ? undefined : keysetSql(order.columns, decodeCursor(page.cursor, order.kinds), forward);
        const rows = (await ctx.sql.run(
          ctx.sql.db
            .select()
            .from(spec.table as PgTable)
            .where(and(base, keyset))
            .orderBy(...order.columns.map((c) => (forward ? asc(c) : desc(c))))
            .limit(page.size + 1),
        )) as T["$inferSelect"][];
        const more = rows.length > page.size;
        const pageRows = rows.slice(0, page.size);
        if (page.backward) pageRows.reverse();
        const keyOf = (row: T["$inferSelect"]) => order.columns.map((c) => (row as Record<string, KeyValue>)[Object.keys(t0).find((k) => t0[k] === c)!]!);
        const edges = pageRows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: { row, at: view } }));
        return {
          edges,
          pageInfo: {
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
            hasNextPage: page.backward ? page.cursor !== null : more,
            hasPreviousPage: page.backward ? more : page.cursor !== null,
          },
          totalCount: async () => {
            const [r] = await ctx.sql.run(ctx.sql.db.select({ n: count() }).from(spec.table as PgTable).where(base));
            return Number(r?.n ?? 0);
          },
        };
      },
    }),
  );
}
