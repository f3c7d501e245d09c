/**
 * The embedded engine: chDB (ClickHouse in this process), data in a folder. A folder belongs
 * to one process (chDB locks it), so the sink and the API's reads share this one store.
 */
import { Session } from "chdb";
import { mkdirSync } from "node:fs";
import { AnalyticsError, AnalyticsQueryError } from "../errors.js";
import { parseJsonEachRow, toJsonEachRow, type Row } from "./json.js";
import { paramsForEngine } from "./bind.js";
import { assertIdentifier, type AnalyticsStore, type Params } from "./store.js";

export class ChdbStore implements AnalyticsStore {
  readonly kind = "chdb" as const;
  readonly database: string;
  readonly path: string;
  private session: Session | undefined;
  // One statement at a time on the connection: keeps `USE` state and inserts ordered.
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(path: string, database: string, session: Session) {
    this.path = path;
    this.database = database;
    this.session = session;
  }

  /** Opens (creating) the folder and selects `database`. Touches the disk. */
  static async open(path: string, database = "analytics"): Promise<ChdbStore> {
    assertIdentifier(database);
    mkdirSync(path, { recursive: true });
    let session: Session;
    try {
      session = new Session(path);
    } catch (cause) {
      throw new AnalyticsError("ANALYTICS_CHDB_LOCKED", `cannot open the chDB folder ${path}`, {
        cause,
        hint: "A chDB folder belongs to one process: stop the other hub, or point ANALYTICS_CHDB_PATH elsewhere.",
      });
    }
    const store = new ChdbStore(path, database, session);
    await store.command(`CREATE DATABASE IF NOT EXISTS ${database}`);
    await store.command(`USE ${database}`);
    // Wide integers and decimals as JSON strings: exact, and parsed without json.ts's slow path.
    await store.command("SET output_format_json_quote_64bit_integers = 1, output_format_json_quote_decimals = 1");
    // Analytics answers are a few hundred rows at most, so a question costs mostly what the
    // engine does around it. These four drop per-query threads and timers (a formatter and a
    // collector thread, profiler timers on every query thread, per-processor profiles): 4-11%
    // of each analytics question here, measured in alternation on the large simulation's facts.
    // Nothing here changes an answer.
    await store.command("SET output_format_parallel_formatting = 0, query_profiler_real_time_period_ns = 0, query_profiler_cpu_time_period_ns = 0, log_processors_profiles = 0");
    return store;
  }

  private serial<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (!this.session) throw new AnalyticsError("ANALYTICS_STORE_CLOSED", "the chDB store is closed", { hint: "Open a new store." });
      return work(this.session);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async query<T = Row>(sql: string, params: Params = {}): Promise<T[]> {
    return this.serial(async (session) => {
      try {
        const result = await session.queryBindAsync(sql, paramsForEngine(sql, params), { format: "JSONEachRow" });
        return parseJsonEachRow<T>(result.text());
      } catch (cause) {
        throw new AnalyticsQueryError(sql, cause);
      }
    });
  }

  async command(sql: string, params: Params = {}): Promise<void> {
    await this.serial(async (session) => {
      try {
        if (Object.keys(params).length === 0) await session.queryAsync(sql);
        else await session.queryBindAsync(sql, paramsForEngine(sql, params));
      } catch (cause) {
        throw new AnalyticsQueryError(sql, cause);
      }
    });
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    assertIdentifier(table);
    await this.serial(async (session) => {
      try {
        await session.insert({ table: `${this.database}.${table}`, values: Buffer.from(toJsonEachRow(rows)), format: "JSONEachRow" });
      } catch (cause) {
        throw new AnalyticsQueryError(`INSERT INTO ${table}`, cause);
      }
    });
  }

  async close(): Promise<void> {
    await this.tail;
    this.session?.close();
    this.session = undefined;
  }
}
