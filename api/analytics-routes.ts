/**
 * Analytics over HTTP until the GraphQL API is built: each route parses its query string,
 * calls one module of analytics/queries and answers JSON. Bad input answers 400 with a stable
 * code; the process keeps serving.
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
import { HubError, isHubError } from "../core/errors.js";
import { toJsonValue } from "./json.js";
import type { AnalyticsReader } from "./services.js";

class BadAnalyticsRequestError extends HubError {
  constructor(message: string) {
    super("API_BAD_REQUEST", message, { hint: "from and to are unix seconds (to > from); bucket is seconds; ids are comma-separated integers" });
  }
}

function range(c: Context): TimeRange {
  const from = Number(c.req.query("from") ?? 0);
  const to = Number(c.req.query("to") ?? 4_102_444_800);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new BadAnalyticsRequestError("from and to must be integers");
  // ClickHouse reads a DateTime parameter of fewer than 10 digits as text and refuses it; no
  // block predates 2001-09-09, so "from the beginning" starts there.
  return { from: Math.max(from, 1_000_000_000), to };
}

function ids(c: Context, name: string): bigint[] | undefined {
  const raw = c.req.query(name);
  if (!raw) return undefined;
  return raw.split(",").map((v) => {
    if (!/^\d+$/.test(v)) throw new BadAnalyticsRequestError(`${name} holds "${v}", not an id`);
    return BigInt(v);
  });
}

function integer(c: Context, name: string, fallback: number): number {
  const value = Number(c.req.query(name) ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0) throw new BadAnalyticsRequestError(`${name} must be a positive integer`);
  return value;
}

/** Codes that blame the request (ours, and the queries' range and bucket checks), not the server. */
const CLIENT_ERROR = /^API_|^ANALYTICS_BAD_/;

export function analyticsRoutes(analytics: () => Promise<AnalyticsReader | undefined>): Hono {
  const app = new Hono();
  const answer = (run: (a: AnalyticsReader, c: Context) => Promise<unknown>) => async (c: Context) => {
    const a = await analytics().catch(() => undefined);
    if (!a) return c.json({ error: { code: "ANALYTICS_UNAVAILABLE", message: "the analytics store is not running in this process" } }, 503);
    try {
      return c.json(toJsonValue(await run(a, c)) as object);
    } catch (error) {
      if (isHubError(error)) return c.json({ error: { code: error.code, message: error.message, hint: error.hint } }, CLIENT_ERROR.test(error.code) ? 400 : 500);
      if (error instanceof RangeError) return c.json({ error: { code: "API_BAD_REQUEST", message: error.message } }, 400);
      throw error;
    }
  };
  app.get("/lag", answer(async (a) => (await a.lag()) ?? null));
  app.get("/inference-volume", answer((a, c) => inferenceVolume(a.store, { range: range(c), bucketSeconds: integer(c, "bucket", 3600), modelIds: ids(c, "models") })));
  app.get("/top-contributors", answer((a, c) => {
    const per = (c.req.query("per") ?? "overall") as "overall" | "datanet" | "model";
    if (!["overall", "datanet", "model"].includes(per)) throw new BadAnalyticsRequestError("per must be overall, datanet or model");
    return topContributors(a.store, { range: range(c), per, limit: integer(c, "limit", 10) });
  }));
  app.get("/attribution-concentration", answer((a, c) => attributionConcentration(a.store, { range: range(c), topK: integer(c, "top", 10), modelIds: ids(c, "models") })));
  app.get("/datanet-usage", answer((a, c) => datanetUsage(a.store, { range: range(c), bucketSeconds: integer(c, "bucket", 86_400), datanetIds: ids(c, "datanets") })));
  app.get("/governance-turnout", answer((a, c) => governanceTurnout(a.store, { range: range(c) })));
  return app;
}
