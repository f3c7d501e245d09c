/**
 * The per-request context: the database (a statement-counting runner over Ponder's read-only
 * client), the indexed head, and a view per answered block (its loaders), plus the optional
 * services (analytics store, replay verdicts and queue). Root fields take `asOf`; a request
 * may also carry a default one (e.g. from a header), used where a field has none.
 */
import type { ReportAccess } from "../reports/access.js";
import type { AnalyticsReader } from "../services.js";
import { resolveAnsweredBlock, type AnsweredBlock, type AsOfInput } from "./as-of.js";
import type { ChainBlock, ChainReader } from "./chain-blocks.js";
import { ServiceUnavailableError } from "./errors.js";
import { readIndexedHead, type IndexedHead } from "./indexed-head.js";
import { createChainLoaders, createLoaders, type Loaders } from "./loaders/index.js";
import { createSqlRunner, type ReadDb, type SqlRunner } from "./read-db.js";
import type { VerdictReader } from "./services/verdict-reader.js";
import type { VerificationRequester } from "./services/verification-requester.js";

/** The state of the chain at one answered block, with the loaders that read it. */
export type AsOfView = { block: AnsweredBlock; loaders: Loaders };

/** A record together with the view it was read at: children are read at the same block. */
export type At<T> = { row: T; at: AsOfView };

export type ProvenanceServices = {
  /** The analytics store and sink (embedded or server); undefined when not running here. */
  analytics?: () => Promise<AnalyticsReader | undefined>;
  /** Replay verdicts by inference; undefined when no verdict store is reachable. */
  verdicts?: () => Promise<VerdictReader | undefined>;
  /** Enqueues replay jobs (the requestVerification mutation). */
  verification?: () => Promise<VerificationRequester | undefined>;
  /** Report exports (the `report` field), under the same access rule as the /reports route. */
  reports?: ReportAccess;
};

export type ProvenanceDeps = {
  /** Ponder's read-only Drizzle client (`db` from `ponder:api`), Postgres or PGlite. */
  db: unknown;
  /** Ponder's RPC client for the indexed chain (`publicClients[chain]`): block hashes, timestamps. */
  chain?: ChainReader;
  services?: ProvenanceServices;
  /** API keys accepted by mutations (header `x-api-key`); none configured means mutations are refused. */
  apiKeys?: readonly string[];
};

export type ProvenanceContext = {
  sql: SqlRunner;
  headers: Headers;
  services: ProvenanceServices;
  apiKeys: readonly string[];
  chain: ChainReader | undefined;
  /** The indexed head, read once per request. */
  head(): Promise<IndexedHead>;
  /** The view at `asOf` (or the request's default, or the head); one per block per request. */
  view(asOf?: AsOfInput | null): Promise<AsOfView>;
  /** Block hash and timestamp by number (sync store, then RPC); null if neither knows it. */
  chainBlock(number: bigint): Promise<ChainBlock | null>;
  /** The blocks this request answered for (stated in the response's extensions). */
  answeredBlocks: Map<string, AnsweredBlock>;
};

export type ContextRequest = { asOf?: AsOfInput; headers: Headers };

export function createContextFactory(deps: ProvenanceDeps): (request: ContextRequest) => Promise<ProvenanceContext> {
  return async (request) => {
    const sql = createSqlRunner(deps.db as ReadDb);
    let head: Promise<IndexedHead> | undefined;
    const views = new Map<string, Promise<AsOfView>>();
    let chainLoaders: ReturnType<typeof createChainLoaders> | undefined;
    const answeredBlocks = new Map<string, AnsweredBlock>();
    const readHead = (): Promise<IndexedHead> => {
      head ??= readIndexedHead(sql).then((h) => {
        if (!h) throw new ServiceUnavailableError("the indexer has not indexed any block yet", { hint: "wait for Ponder's /ready to answer 200" });
        return h;
      });
      return head;
    };
    const context: ProvenanceContext = {
      sql,
      headers: request.headers,
      services: deps.services ?? {},
      apiKeys: deps.apiKeys ?? [],
      chain: deps.chain,
      head: readHead,
      async view(asOf) {
        const block = await resolveAnsweredBlock(await readHead(), asOf ?? request.asOf, deps.chain);
        const key = block.number.toString();
        answeredBlocks.set(key, block);
        let view = views.get(key);
        if (!view) {
          view = Promise.resolve({ block, loaders: createLoaders(sql, block.number) });
          views.set(key, view);
        }
        return view;
      },
      async chainBlock(number) {
        chainLoaders ??= createChainLoaders(sql, (await readHead()).chainId, deps.chain);
        return chainLoaders.block.load(number);
      },
      answeredBlocks,
    };
    return context;
  };
}
