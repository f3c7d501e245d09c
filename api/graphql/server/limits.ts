/**
 * The limits every GraphQL request meets, on /graphql and on /ponder/graphql alike: one typed
 * object with defaults, so the composition root passes its configuration once.
 */
export type QueryLimits = {
  /** Deepest selection nesting (fragments expanded). */
  maxDepth: number;
  /** Aliased fields in one operation (an alias bomb asks one field thousands of times). */
  maxAliases: number;
  /** Lexical tokens in one document; counted while parsing, so a huge query stops early. */
  maxTokens: number;
  /**
   * graphql-armor's cost: objects and scalars weighted by 1.5^depth and multiplied by literal
   * `first`/`last`. A coarse second fence; maxListFanOut is the exact bound on rows (it also
   * sees variables), so this one is set high enough not to refuse what the fan-out allows.
   */
  maxCost: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /**
   * Rows a query may ask for at most: the product of the page sizes (`first`, `last`, `limit`)
   * down each path of list fields, the default page size where none is given.
   */
  maxListFanOut: number;
  /** Page size assumed for a paginated field asked without `first`/`last`/`limit`. */
  defaultPageSize: number;
  /** Largest page one paginated field may ask for. */
  maxPageSize: number;
};

export type HttpLimits = {
  /** Request body bytes; larger bodies are refused with 413 before they are read further. */
  maxBodyBytes: number;
  /** Wall-clock time for one request, parse to response. */
  requestTimeoutMs: number;
};

export type RateLimit = {
  /** Tokens added per second to each client's bucket. */
  perSecond: number;
  /** Bucket size: the burst one client may send at once. */
  burst: number;
};

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 14,
  maxAliases: 30,
  maxTokens: 2_000,
  maxCost: 5_000_000,
  maxDirectives: 20,
  maxListFanOut: 100_000,
  defaultPageSize: 50,
  maxPageSize: 1_000,
};

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 100 * 1024,
  requestTimeoutMs: 10_000,
};

/**
 * A flood guard rather than a fair-use quota: one address or key may burst 2,000 requests and
 * sustain 1,000 a second. Deployments behind a shared proxy or with many small clients lower it.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 1_000, burst: 2_000 };
