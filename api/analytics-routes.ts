/**
 * Analytics as JSON, aliases of the GraphQL field `analytics { … }` (api/graphql/queries/analytics.ts)
 * kept for curl and existing clients: each route parses its query string,
 * calls one module of analytics/queries and answers JSON. Bad input answers 400 with a stable
 * code (numbers and ids checked against their ranges first); errors go to api/http/errors.ts.
 */
import { Hono, type Context } from "hono";
import {
  attributionConcentration,
  datanetUsage,
  governanceTurnout,
  inferenceVolume,
  topContributors,
  type TimeRange,
} from "../analytics/queries/index.js";
import { HubError } from "../core/errors.js";
import { idListParam, integerParam } from "./http/query-params.js";
import { toJsonValue } from "./json.js";
import type { AnalyticsReader } from "./services.js";

class BadAnalyticsRequestError extends HubError {
  constructor(message: string) {
    super("API_BAD_REQUEST", message, { hint: "from and to are unix seconds (to > from); bucket is seconds; ids are comma-separated integers" });
  }
}

/** ClickHouse DateTime is UInt32 seconds: nothing after 2106 can be asked for. */
const MAX_TIME = 4_294_967_295;

function range(c: Context): TimeRange {
  const from = integerParam(c, "from", 0, 0, MAX_TIME);
  const to = integerParam(c, "to", 4_102_444_800, 0, MAX_TIME);
  // ClickHouse reads a DateTime parameter of fewer than 10 digits as text and refuses it; no
  // block predates 2001-09-09, so "from the beginning" starts there.
  return { from: Math.max(from, 1_000_000_000), to };
}

const ids = (c: Context, name: string) => idListParam(c, name);

function integer(c: Context, name: string, fallback: number, max: number): number {
  return integerParam(c, name, fallback, 1, max);
}

export function analyticsRoutes(analytics: () => Promise<AnalyticsReader | undefined>): Hono {
  const app = new Hono();
  const answer = (run: (a: AnalyticsReader, c: Context) => Promise<unknown>) => async (c: Context) => {
    const a = await analytics().catch(() => undefined);
    if (!a) throw new HubError("ANALYTICS_UNAVAILABLE", "the analytics store is not running in this process", { hint: "see /hub/status" });
    // The queries' range and bucket checks throw ANALYTICS_BAD_* codes, which api/http/errors.ts answers 400.
    return c.json(toJsonValue(await run(a, c)) as object);
  };
  app.get("/lag", answer(async (a) => (await a.lag()) ?? null));
  app.get("/inference-volume", answer((a, c) => inferenceVolume(a.store, { range: range(c), bucketSeconds: integer(c, "bucket", 3600, 31_536_000), modelIds: ids(c, "models") })));
  app.get("/top-contributors", answer((a, c) => {
    const per = (c.req.query("per") ?? "overall") as "overall" | "datanet" | "model";
    if (!["overall", "datanet", "model"].includes(per)) throw new BadAnalyticsRequestError("per must be overall, datanet or model");
    return topContributors(a.store, { range: range(c), per, limit: integer(c, "limit", 10, 10_000) });
  }));
  app.get("/attribution-concentration", answer((a, c) => attributionConcentration(a.store, { range: range(c), topK: integer(c, "top", 10, 1000), modelIds: ids(c, "models") })));
  app.get("/datanet-usage", answer((a, c) => datanetUsage(a.store, { range: range(c), bucketSeconds: integer(c, "bucket", 86_400, 31_536_000), datanetIds: ids(c, "datanets") })));
  app.get("/governance-turnout", answer((a, c) => governanceTurnout(a.store, { range: range(c) })));
  return app;
}
