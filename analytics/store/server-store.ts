/**
 * A ClickHouse server through @clickhouse/client (CLICKHOUSE_URL). Servers with query
 * parameters bind on the server; older ones (Debian's 18.16) get typed literals rendered by
 * bind.ts, detected once at open.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from "@clickhouse/client";
import { AnalyticsError, AnalyticsQueryError } from "../errors.js";
import { paramsForEngine, renderParams } from "./bind.js";
import { parseJsonEachRow, toJsonEachRow, type Row } from "./json.js";
import { assertIdentifier, type AnalyticsStore, type Params } from "./store.js";

export type ServerStoreOptions = { url: string; database?: string; username?: string; password?: string };

export class ServerStore implements AnalyticsStore {
  readonly kind = "server" as const;
  readonly database: string;
  /** False on servers that predate query parameters. */
  readonly serverBinding: boolean;
  readonly version: string;
  private readonly client: ClickHouseClient;
  private closed = false;

  private constructor(client: ClickHouseClient, database: string, serverBinding: boolean, version: string) {
    this.client = client;
    this.database = database;
    this.serverBinding = serverBinding;
    this.version = version;
  }

  /** Connects, creates `database` if needed, and probes for server-side parameters. Network. */
  static async open(options: ServerStoreOptions): Promise<ServerStore> {
    const database = assertIdentifier(options.database ?? "analytics");
    const base = { url: options.url, username: options.username ?? "default", password: options.password ?? "", request_timeout: 60_000 };
    const admin = createClient(base);
    try {
      const ping = await admin.ping();
      if (!ping.success) throw ping.error;
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    } catch (cause) {
      await admin.close();
      throw new AnalyticsError("ANALYTICS_SERVER_UNREACHABLE", `no ClickHouse server answers at ${options.url}`, {
        cause,
        hint: "Start it (scripts/clickhouse-server.sh) or unset CLICKHOUSE_URL to use embedded chDB.",
      });
    }
    await admin.close();
    const client = createClient({ ...base, database });
    const versionRows = parseJsonEachRow<{ v: string }>(await (await client.query({ query: "SELECT version() AS v", format: "JSONEachRow" })).text());
    // A quiet client for the probe: on an old server its failure is the expected answer.
    const probe = createClient({ ...base, database, log: { level: ClickHouseLogLevel.OFF } });
    let serverBinding = true;
    try {
      await probe.query({ query: "SELECT {p:UInt8} AS p", query_params: { p: 1 }, format: "JSONEachRow" });
    } catch {
      serverBinding = false;
    } finally {
      await probe.close();
    }
    return new ServerStore(client, database, serverBinding, versionRows[0]?.v ?? "unknown");
  }

  private prepare(sql: string, params: Params): { query: string; query_params?: Record<string, unknown> } {
    if (Object.keys(params).length === 0) return { query: sql };
    return this.serverBinding ? { query: sql, query_params: paramsForEngine(sql, params) } : { query: renderParams(sql, params) };
  }

  async query<T = Row>(sql: string, params: Params = {}): Promise<T[]> {
    try {
      const result = await this.client.query({ ...this.prepare(sql, params), format: "JSONEachRow" });
      return parseJsonEachRow<T>(await result.text());
    } catch (cause) {
      throw new AnalyticsQueryError(sql, cause);
    }
  }

  async command(sql: string, params: Params = {}): Promise<void> {
    try {
      await this.client.command(this.prepare(sql, params));
    } catch (cause) {
      throw new AnalyticsQueryError(sql, cause);
    }
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    assertIdentifier(table);
    try {
      // The body is our own JSONEachRow (bigints as bare digits), sent as the query's data.
      await this.client.command({ query: `INSERT INTO ${table} FORMAT JSONEachRow\n${toJsonEachRow(rows)}` });
    } catch (cause) {
      throw new AnalyticsQueryError(`INSERT INTO ${table}`, cause);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}
