/**
 * `analytics { … }`: the questions of analytics/queries/ over the analytics store, with the
 * sink's lag. The same answers as the JSON routes under /analytics (api/analytics-routes.ts),
 * with the same ranges checked first: out of range is BAD_USER_INPUT before the store sees it.
 * Null with SERVICE_UNAVAILABLE when no analytics store is reachable from this process.
 */
import {
  attributionConcentration,
  datanetUsage,
  governanceTurnout,
  inferenceVolume,
  topContributors,
  type TimeRange,
} from "../../../analytics/queries/index.js";
import { isHubError } from "../../../core/errors.js";
import type { AnalyticsReader } from "../../services.js";
import { builder } from "../builder.js";
import { BadUserInputError, ServiceUnavailableError } from "../errors.js";
import {
  AnalyticsLagRef,
  AttributionConcentrationRef,
  DatanetUsageBucketRef,
  GovernanceTurnoutRef,
  InferenceVolumeBucketRef,
  TopContributorRef,
} from "../types/analytics.js";

/** ClickHouse DateTime is UInt32 seconds: nothing after 2106 can be asked for. */
const MAX_TIME = 4_294_967_295n;
/** Ids are UInt64 in the analytics store. */
const MAX_ID = 2n ** 64n - 1n;
const MAX_IDS = 1000;
const MAX_BUCKET = 366 * 86_400;

type RangeArg = { from?: bigint | null; to?: bigint | null } | null | undefined;

const AnalyticsRangeRef = builder.inputType("AnalyticsRange", {
  description: "Half-open [from, to) in Unix seconds of block time; from defaults to the beginning, to to 2100-01-01.",
  fields: (t) => ({ from: t.field({ type: "BigInt", required: false }), to: t.field({ type: "BigInt", required: false }) }),
});

const GroupingRef = builder.enumType("ContributorGrouping", {
  description: "One ranking overall, or one per datanet or per model.",
  values: ["overall", "datanet", "model"] as const,
});

function timeRange(range: RangeArg): TimeRange {
  const from = range?.from ?? 0n;
  const to = range?.to ?? 4_102_444_800n;
  for (const [name, value] of [["range.from", from], ["range.to", to]] as const) {
    if (value < 0n || value > MAX_TIME) throw new BadUserInputError(`${name}: ${value} is outside 0..${MAX_TIME} (Unix seconds)`, { hint: "from and to are Unix seconds, from < to" });
  }
  if (to <= from) throw new BadUserInputError(`range [${from}, ${to}) is empty`, { hint: "from and to are Unix seconds, from < to" });
  // ClickHouse reads a DateTime parameter of fewer than 10 digits as text and refuses it; no
  // block predates 2001-09-09, so "from the beginning" starts there (as the JSON routes do).
  return { from: Math.max(Number(from), 1_000_000_000), to: Number(to) };
}

function integer(name: string, value: number | null | undefined, fallback: number, min: number, max: number): number {
  const n = value ?? fallback;
  if (n < min || n > max) throw new BadUserInputError(`${name}: ${n} is outside ${min}..${max}`, { hint: `pass ${name} from ${min} to ${max}` });
  return n;
}

function idList(name: string, values: readonly bigint[] | null | undefined, max = MAX_ID): bigint[] | undefined {
  if (!values) return undefined;
  if (values.length > MAX_IDS) throw new BadUserInputError(`${name} lists ${values.length} ids; at most ${MAX_IDS}`, { hint: "ask in several requests" });
  for (const id of values) if (id < 0n || id > max) throw new BadUserInputError(`${name}: ${id} is not an id (0 to ${max})`);
  return [...values];
}

/** The queries' own range checks (ANALYTICS_BAD_*) are the caller's error too. */
async function asked<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isHubError(error) && /^ANALYTICS_BAD_/.test(error.code)) throw new BadUserInputError(error.message, { hint: error.hint, cause: error });
    throw error;
  }
}

type Analytics = { reader: AnalyticsReader };

const AnalyticsRef = builder.objectRef<Analytics>("Analytics").implement({
  description: "Aggregates over the analytics store (ClickHouse or chDB), which the sink fills from the indexer's tables: see lag for how far it trails.",
  fields: (t) => ({
    lag: t.field({
      type: AnalyticsLagRef,
      nullable: true,
      description: "How far the facts trail the indexed head; null while the sink has not reported yet.",
      resolve: async ({ reader }) => (await reader.lag()) ?? null,
    }),
    inferenceVolume: t.field({
      type: [InferenceVolumeBucketRef],
      description: "Inferences and fees per model per time bucket.",
      args: {
        range: t.arg({ type: AnalyticsRangeRef, required: false }),
        bucketSeconds: t.arg.int({ required: false, description: "Bucket width, 1 s to 366 days; default 3600." }),
        modelIds: t.arg({ type: ["BigInt"], required: false }),
      },
      resolve: ({ reader }, a) => {
        const parameters = { range: timeRange(a.range), bucketSeconds: integer("bucketSeconds", a.bucketSeconds, 3600, 1, MAX_BUCKET), modelIds: idList("modelIds", a.modelIds) };
        return asked(() => inferenceVolume(reader.store, parameters));
      },
    }),
    topContributors: t.field({
      type: [TopContributorRef],
      description: "Contributors ranked by rewards in the range.",
      args: {
        range: t.arg({ type: AnalyticsRangeRef, required: false }),
        per: t.arg({ type: GroupingRef, required: false, description: "Default overall." }),
        limit: t.arg.int({ required: false, description: "Per ranking, 1 to 10000; default 10." }),
      },
      resolve: ({ reader }, a) => {
        const parameters = { range: timeRange(a.range), per: a.per ?? "overall", limit: integer("limit", a.limit, 10, 1, 10_000) };
        return asked(() => topContributors(reader.store, parameters));
      },
    }),
    attributionConcentration: t.field({
      type: [AttributionConcentrationRef],
      description: "Per model: how concentrated its contributors' rewards are (top-k share, Gini).",
      args: {
        range: t.arg({ type: AnalyticsRangeRef, required: false }),
        topK: t.arg.int({ required: false, description: "1 to 1000; default 10." }),
        modelIds: t.arg({ type: ["BigInt"], required: false }),
      },
      resolve: ({ reader }, a) => {
        const parameters = { range: timeRange(a.range), topK: integer("topK", a.topK, 10, 1, 1000), modelIds: idList("modelIds", a.modelIds) };
        return asked(() => attributionConcentration(reader.store, parameters));
      },
    }),
    datanetUsage: t.field({
      type: [DatanetUsageBucketRef],
      description: "Per datanet per time bucket: inferences attributing to it, shares, rewards, contributions added.",
      args: {
        range: t.arg({ type: AnalyticsRangeRef, required: false }),
        bucketSeconds: t.arg.int({ required: false, description: "Bucket width, 1 s to 366 days; default 86400." }),
        datanetIds: t.arg({ type: ["BigInt"], required: false }),
      },
      resolve: ({ reader }, a) => {
        const parameters = { range: timeRange(a.range), bucketSeconds: integer("bucketSeconds", a.bucketSeconds, 86_400, 1, MAX_BUCKET), datanetIds: idList("datanetIds", a.datanetIds) };
        return asked(() => datanetUsage(reader.store, parameters));
      },
    }),
    governanceTurnout: t.field({
      type: [GovernanceTurnoutRef],
      description: "Per proposal with votes in the range: voters, weight by support, and the share of the supply that voted.",
      args: {
        range: t.arg({ type: AnalyticsRangeRef, required: false }),
        proposalIds: t.arg({ type: ["BigInt"], required: false }),
      },
      resolve: ({ reader }, a) => {
        const parameters = { range: timeRange(a.range), proposalIds: idList("proposalIds", a.proposalIds, 2n ** 256n - 1n) };
        return asked(() => governanceTurnout(reader.store, parameters));
      },
    }),
  }),
});

builder.queryField("analytics", (t) =>
  t.field({
    type: AnalyticsRef,
    nullable: true,
    description: "The analytics questions (also served as JSON under /analytics). Null with SERVICE_UNAVAILABLE when no analytics store is reachable here.",
    resolve: async (_root, _args, ctx) => {
      const reader = await ctx.services.analytics?.().catch(() => undefined);
      if (!reader) throw new ServiceUnavailableError("the analytics store is not reachable from this API process", { hint: "the embedded hub and API replicas (CLICKHOUSE_URL) serve it; see /hub/status" });
      return { reader };
    },
  }),
);
