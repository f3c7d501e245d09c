/**
 * Every environment variable the hub, its tests and its benches read: one entry each, with its
 * zod schema (which also parses it), its default as the docs state it, and its meaning.
 * docs/configuration.md lists exactly these (core/config/config.test.ts checks both ways).
 */
import { z } from "zod";

export type VariableScope = "hub" | "internal" | "test" | "bench";

export type VariableSpec<S extends z.ZodTypeAny = z.ZodTypeAny> = {
  schema: S;
  /** The default in words, as docs/configuration.md shows it ("—" when unset means off). */
  default: string;
  meaning: string;
  scope: VariableScope;
  /** Older names still read (with a warning) when this one is unset. */
  deprecatedNames?: readonly string[];
};

const url = (example: string) => z.string().url({ message: `a URL, e.g. ${example}` });
const positiveInt = z.coerce.number({ invalid_type_error: "a positive integer" }).int("a positive integer").positive("a positive integer");
const nonNegativeInt = z.coerce.number({ invalid_type_error: "an integer >= 0" }).int("an integer >= 0").min(0, "an integer >= 0");
const nonNegative = z.coerce.number({ invalid_type_error: "a number >= 0" }).min(0, "a number >= 0");
const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, "a plain lower-case identifier such as replay");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 0x-prefixed 20-byte address");
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "0x followed by 64 hex digits");
const flag = z.enum(["1", "true", "0", "false"], { message: "1 or 0" }).transform((v) => v === "1" || v === "true");
const onOff = z.enum(["on", "off"], { message: "on or off" });

function spec<S extends z.ZodTypeAny>(scope: VariableScope, schema: S, defaultText: string, meaning: string, deprecatedNames?: readonly string[]): VariableSpec<S> {
  return { schema, default: defaultText, meaning, scope, ...(deprecatedNames ? { deprecatedNames } : {}) };
}

export const variables = {
  // The hub as a whole
  LOG_LEVEL: spec("hub", z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], { message: "trace, debug, info, warn, error, fatal or silent" }).default("info"), "info", "pino log level of every hub process"),
  LOG_FORMAT: spec("hub", z.enum(["auto", "json", "pretty"], { message: "auto, json or pretty" }).default("auto"), "auto", "log lines as JSON or readable; auto: readable on a terminal, JSON otherwise"),
  DATA_DIR: spec("hub", z.string().min(1).default(".data"), ".data", "root of the embedded stores (PGlite, chDB, hub database, artifacts) of `npm run hub`"),
  DEVNET_DIR: spec("hub", z.string().min(1).default(".devnet"), ".devnet", "folder of the devnet's deployment record"),
  DEPLOYMENT_FILE: spec("hub", z.string().min(1).optional(), "<DEVNET_DIR>/deployment.json", "the deployment record (chain id, RPC URL, addresses, start block) the indexer and replay read"),
  RPC_URL: spec("hub", url("http://127.0.0.1:8545").optional(), "— (the deployment record's)", "the chain's JSON-RPC endpoint: the simulator uses this node instead of starting anvil (with DEVNET_PRIVATE_KEY); the indexer and replay read it instead of the deployment record's", ["PONDER_RPC_URL", "DEVNET_RPC_URL"]),
  DEVNET_PRIVATE_KEY: spec("hub", privateKey.optional(), "— (anvil's first key)", "funded key the simulator deploys and sends with on the node at RPC_URL"),
  CHAIN_ID: spec("hub", positiveInt.optional(), "— (the deployment record's)", "chain id the indexer indexes"),
  END_BLOCK: spec("hub", nonNegativeInt.optional(), "— (follow the chain live)", "last block the indexer reads (Ponder's endBlock): an index of the chain as it stood at that block"),
  START_BLOCK: spec("hub", nonNegativeInt.optional(), "— (the deployment record's)", "first block the indexer reads"),
  DEPLOYMENT_ID: spec("hub", z.string().min(1).optional(), "— (the deployment record's, else chain<CHAIN_ID>)", "keys the embedded database folders so a reset devnet never meets old data"),
  OPEN_TOKEN_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "OpenToken contract address"),
  DATANET_REGISTRY_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "DatanetRegistry contract address"),
  MODEL_FACTORY_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "ModelFactory contract address"),
  ATTRIBUTION_ENGINE_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "AttributionEngine contract address"),
  PROTOCOL_TIMELOCK_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "ProtocolTimelock contract address"),
  OPEN_GOVERNOR_ADDRESS: spec("hub", address.optional(), "— (the deployment record's)", "OpenGovernor contract address"),
  PONDER_POLLING_MS: spec("hub", positiveInt.optional(), "150 on chain 31337, else 1000", "how often the indexer polls the chain head, in ms"),
  PONDER_PGLITE_DIR: spec("hub", z.string().min(1).optional(), "<DATA_DIR>/ponder/<deploymentId>", "the indexer's PGlite folder when DATABASE_URL is unset"),
  DATABASE_URL: spec("hub", url("postgres://postgres@127.0.0.1:5432/hub").optional(), "— (PGlite)", "Postgres server for the indexer's tables and the replay jobs and verdicts (also read by Ponder itself)"),
  DATABASE_SCHEMA: spec("hub", identifier.optional(), "— (hub_<deploymentId> under `npm run hub`)", "the schema Ponder writes (also read by Ponder itself); the sink, replay and API replicas read the indexer's tables there"),
  CLICKHOUSE_URL: spec("hub", url("http://127.0.0.1:8123").optional(), "— (chDB)", "ClickHouse server for the analytics facts"),
  CLICKHOUSE_DATABASE: spec("hub", z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a plain identifier (letters, digits, _)").default("analytics"), "analytics", "ClickHouse database of the facts and rollups"),
  CLICKHOUSE_USER: spec("hub", z.string().default("default"), "default", "ClickHouse server user"),
  CLICKHOUSE_PASSWORD: spec("hub", z.string().default(""), "(empty)", "ClickHouse server password"),
  ANALYTICS_CHDB_PATH: spec("hub", z.string().min(1).optional(), "<DATA_DIR>/chdb/<deploymentId> (.data/chdb outside the hub)", "chDB folder when CLICKHOUSE_URL is unset (one process owns it)"),
  REDIS_URL: spec("hub", url("redis://127.0.0.1:6379").optional(), "— (in-process queue)", "Redis for the BullMQ replay queue; lets any number of replay workers share the work"),
  ARTIFACTS_DIR: spec("hub", z.string().min(1).optional(), "<DATA_DIR>/artifacts (.data/artifacts outside the hub)", "content-addressed artifact store (weights, inputs, outputs, contribution texts)"),
  HUB_DB_DIR: spec("hub", z.string().min(1).optional(), "<DATA_DIR>/hub-db/<deploymentId>", "PGlite folder of the replay jobs and verdicts when DATABASE_URL is unset"),
  REPLAY_QUEUE_PREFIX: spec("hub", z.string().min(1).default("ph"), "ph", "key prefix of the BullMQ queue (several hubs can share one Redis)"),
  REPLAY_PG_SCHEMA: spec("hub", identifier.default("replay"), "replay", "Postgres schema of the replay jobs and verdicts (the hub's own, never Ponder's)"),
  REPLAY_EXECUTION_PROVIDER: spec("hub", z.enum(["auto", "cpu", "cuda"], { message: "auto, cpu or cuda" }).default("auto"), "auto", "onnxruntime execution provider: cuda when present under auto"),
  REPLAY_WEIGHT_TOLERANCE_PPM: spec("hub", nonNegative.max(1_000_000, "at most 1000000").default(1000), "1000", "largest allowed difference between a contribution's claimed and recomputed weight, ppm"),
  REPLAY_WEIGHT_L1_TOLERANCE_PPM: spec("hub", nonNegative.max(2_000_000, "at most 2000000").optional(), "2 × REPLAY_WEIGHT_TOLERANCE_PPM", "largest allowed total absolute deviation (L1) over all contributions of a claim, ppm"),
  REPLAY_OUTPUT_TOLERANCE: spec("hub", nonNegative.default(1e-4), "0.0001", "largest allowed absolute difference of an output value when the bytes differ"),
  REPLAY_SAMPLE_RATE: spec("hub", z.coerce.number({ invalid_type_error: "a number in (0, 1]" }).gt(0, "a number in (0, 1]").max(1, "a number in (0, 1]").default(1), "1", "share of newly indexed inferences to verify"),
  REPLAY_BATCH_SIZE: spec("hub", positiveInt.default(256), "256", "jobs gathered into one model batch"),
  REPLAY_SESSION_CACHE_MB: spec("hub", z.coerce.number({ invalid_type_error: "a positive number of MiB" }).positive("a positive number of MiB").default(512), "512", "memory bound of the ONNX session cache, MiB"),
  REPLAY_TRAINING_SET_CACHE_RUNS: spec("hub", positiveInt.default(64), "64", "training sets (with embeddings) kept in memory, one per run"),
  REPLAY_ATTEMPTS: spec("hub", positiveInt.default(5), "5", "attempts of a job whose failure is retryable"),
  REPLAY_BACKOFF_MS: spec("hub", nonNegative.default(500), "500", "first retry delay (exponential), ms"),
  REPLAY_RECONCILE_INTERVAL_MS: spec("hub", z.coerce.number({ invalid_type_error: "at least 100" }).min(100, "at least 100").default(30_000), "30000", "how often unfinished jobs are re-derived from Postgres and re-queued, ms"),
  REPLAY_RATE_LIMIT: spec("hub", nonNegative.default(0), "0 (unlimited)", "jobs started per second by one worker"),
  REPLAY_LOCK_DURATION_MS: spec("hub", z.coerce.number({ invalid_type_error: "at least 500" }).min(500, "at least 500").default(30_000), "30000", "a worker's lock on a job; a killed worker's jobs are retaken after it, ms"),
  REPLAY_FACTS: spec("hub", onOff.default("on"), "on", "`npm run replay` writes verdict facts to ClickHouse; off skips them"),
  REPLAY_CLAIM_SOURCE: spec("hub", z.enum(["chain", "indexer"], { message: "chain or indexer" }).default("chain"), "chain", "where `npm run replay` reads claims: the chain over RPC, or the indexer's tables (needs DATABASE_URL and DATABASE_SCHEMA)"),
  VERIFIER_PRIVATE_KEY: spec("hub", privateKey.optional(), "— (no challenges)", "key the replay worker opens on-chain challenges with, bond paid in OPEN"),
  SIM_SEED: spec("hub", z.string().min(1).default("1"), "1", "simulator seed (same seed, same chain)"),
  SIM_SCALE: spec("hub", z.enum(["small", "medium", "large"], { message: "small, medium or large" }).default("small"), "small", "simulation size: about 1k, 100k, 1M events"),
  SIM_DISHONEST_KINDS: spec("hub", z.string().min(1).default("classic"), "classic", "which dishonest claim shapes the simulator plants: classic, all, or a comma-separated list (docs/simulator.md)"),
  SIM_DISHONEST_SHARE: spec("hub", z.coerce.number({ invalid_type_error: "a number in [0, 1]" }).min(0, "a number in [0, 1]").max(1, "a number in [0, 1]").default(0.02), "0.02", "share of inferences whose claim the simulator falsifies"),
  // The HTTP app inside the Ponder process (api/http/)
  HUB_SQL: spec("hub", onOff.optional(), "— (on over Postgres, off on PGlite)", "Ponder's SQL client at /sql: off on PGlite unless on, because a query there cannot be cut off"),
  HUB_SQL_API_KEY: spec("hub", z.string().min(1).optional(), "— (no key)", "key the SQL client requires (x-api-key or Authorization: Bearer) when set"),
  REPORTS_API_KEY: spec("hub", z.string().min(1).optional(), "— (exports need no key)", "when set, GET /reports and the GraphQL `report` field need it (x-api-key or Authorization: Bearer; 401 REPORT_UNAUTHORIZED / UNAUTHENTICATED without it)"),
  HUB_SQL_TIMEOUT_MS: spec("hub", positiveInt.default(10_000), "10000", "cut-off of an SQL client answer, ms"),
  API_KEYS: spec("hub", z.string().optional(), "— (mutations refused)", "comma-separated API keys the GraphQL mutations accept (header x-api-key); a request with one is rate-limited by its key, not its address"),
  HUB_MAX_BODY_BYTES: spec("hub", positiveInt.default(262_144), "262144", "largest request body any route accepts (413 above)"),
  HUB_RATE_PER_SECOND: spec("hub", positiveInt.default(50), "50", "requests per second a client may make (429 above)"),
  HUB_RATE_BURST: spec("hub", positiveInt.default(100), "100", "burst a client may make above the rate"),
  HUB_STALL_AFTER_SECONDS: spec("hub", positiveInt.default(60), "60", "a component behind the chain that has not advanced for this long is stalled; readiness is false meanwhile"),
  // The provenance API at /graphql and /ponder/graphql (api/graphql/server/read-hub-graphql-settings.ts)
  API_MAX_DEPTH: spec("hub", positiveInt.default(14), "14", "deepest selection nesting of a GraphQL query, fragments expanded (400 QUERY_TOO_COMPLEX above)"),
  API_MAX_ALIASES: spec("hub", positiveInt.default(30), "30", "aliased fields in one GraphQL operation"),
  API_MAX_TOKENS: spec("hub", positiveInt.default(2000), "2000", "lexical tokens in one GraphQL document, counted while parsing"),
  API_MAX_COST: spec("hub", positiveInt.default(5_000_000), "5000000", "graphql-armor cost of one GraphQL operation: a coarse second fence behind the row bound"),
  API_MAX_PAGE: spec("hub", positiveInt.max(1000, "a positive integer, at most 1000 (the resolvers' own ceiling)").default(1000), "1000", "largest `first`/`last` one GraphQL list field may ask for (400 BAD_USER_INPUT above)"),
  API_MAX_BODY_BYTES: spec("hub", positiveInt.default(102_400), "102400", "largest GraphQL request body (413 PAYLOAD_TOO_LARGE above)"),
  API_TIMEOUT_MS: spec("hub", positiveInt.default(10_000), "10000", "wall-clock limit of one GraphQL request, ms (503 TIMEOUT above)"),
  API_RATE_PER_SECOND: spec("hub", nonNegativeInt.default(1000), "1000", "GraphQL requests per second one client (API key or address; loopback exempt) may sustain; 0 turns the limit off"),
  API_RATE_BURST: spec("hub", positiveInt.default(2000), "2000", "GraphQL requests one client may send at once above the rate"),
  API_CORS_ORIGINS: spec("hub", z.string().regex(/^(\*|https?:\/\/[^/,\s]+(,https?:\/\/[^/,\s]+)*)$/, "* or comma-separated origins such as https://a.example,https://b.example").default("*"), "*", "origins browsers may call the GraphQL API from"),
  API_RESPONSE_CACHE: spec("hub", onOff.default("on"), "on", "whole GraphQL responses cached in memory, keyed by the indexed head"),
  API_PERSISTED_ONLY: spec("hub", z.string().min(1).optional(), "— (any query)", "a JSON file of registered operations (an array of query texts): when set, /graphql runs only those, by their sha256 (persisted operations)"),
  API_GRAPHIQL: spec("hub", onOff.optional(), "— (on under `ponder dev`, else off)", "GraphiQL on GET /graphql with Accept: text/html"),
  API_INTROSPECTION: spec("hub", onOff.default("on"), "on", "GraphQL introspection (`__schema`, `__type`); off refuses it with GRAPHQL_VALIDATION_FAILED"),
  // The pollers beside the indexer (sink and replay follower)
  ANALYTICS_SINK_POLL_MS: spec("hub", positiveInt.default(1000), "1000", "time between the sink's change checks (one small query; no reads at rest), ms"),
  ANALYTICS_SINK_REORG_WINDOW_BLOCKS: spec("hub", positiveInt.default(64), "64", "blocks the sink re-syncs after a start, a reorg or a failed round"),
  HUB_MAX_IDLE_POLL_MS: spec("hub", positiveInt.default(4000), "4000", "while the indexed head stays put, the sink's and the follower's change checks back off to this gap, ms (any change resets it)"),
  REPLAY_FOLLOW_POLL_MS: spec("hub", positiveInt.default(1000), "1000", "time between the replay follower's change checks, ms"),
  REPLAY_FOLLOW_REREAD_BLOCKS: spec("hub", positiveInt.default(64), "64", "blocks the replay follower re-reads after a start, a reorg or a failure"),
  // Set by the hub for the Ponder processes it starts; not for people
  HUB_STORE_RECOVERY: spec("internal", z.string().optional(), "—", "how the hub found the embedded PGlite folders before starting Ponder (JSON), for /hub/status"),
  HUB_PONDER_RESTARTS: spec("internal", z.string().optional(), "—", "the supervisor's restarts of Ponder so far (JSON), for /hub/status"),
  HUB_PONDER_ROLE: spec("internal", z.enum(["embedded", "indexer", "api"], { message: "embedded, indexer or api" }).default("indexer"), "indexer", "what runs inside a Ponder process besides Ponder: embedded (sink and replay worker beside PGlite), indexer (nothing), api (readers of ClickHouse and the verdicts, no writer)"),
  // Tests and benches
  TEST_POSTGRES_URL: spec("test", url("postgres://postgres@127.0.0.1:5432/test").default("postgres://postgres@127.0.0.1:5432/test"), "postgres://postgres@127.0.0.1:5432/test", "Postgres the tests make fresh databases on", ["TEST_DATABASE_URL"]),
  TEST_REDIS_URL: spec("test", url("redis://127.0.0.1:6379").default("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379", "Redis for the tests (a unique key prefix per test)"),
  TEST_CLICKHOUSE_URL: spec("test", url("http://127.0.0.1:8123").default("http://127.0.0.1:8123"), "http://127.0.0.1:8123", "clickhouse-server for the server-path tests (they skip when it is down)"),
  INDEXER_TEST_STORES: spec("test", z.string().regex(/^(pglite|postgres)(,(pglite|postgres))*$/, "pglite, postgres or both, comma-separated").default("pglite,postgres"), "pglite,postgres", "stores the indexer tests run on"),
  KEEP_INDEXER_DIRS: spec("test", flag.default("0"), "0", "1 keeps the indexer tests' temp folders"),
  REPLAY_TEST_VERBOSE: spec("test", flag.default("0"), "0", "1 prints the replay restart test's worker output"),
  BENCH_POSTGRES_URL: spec("bench", url("postgres://postgres@127.0.0.1:5432/test").optional(), "<TEST_POSTGRES_URL>", "Postgres of `npm run bench -- index`"),
  ANALYTICS_BENCH_SCALE: spec("bench", z.enum(["small", "medium", "large"], { message: "small, medium or large" }).default("large"), "large", "simulation size of `npm run bench -- analytics`"),
  ANALYTICS_BENCH_COPIES: spec("bench", positiveInt.default(1), "1", "copies of the simulated rows the analytics bench loads"),
  ANALYTICS_BENCH_RUNS: spec("bench", positiveInt.default(20), "20", "timed runs per analytics question"),
  ANALYTICS_BENCH_ROWS: spec("bench", z.string().min(1).optional(), "—", "decoded rows file the analytics bench reuses instead of simulating"),
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;
export type HubEnv = { readonly [K in VariableName]: z.output<(typeof variables)[K]["schema"]> };
