/**
 * Versioned, ordered migrations for any target (ClickHouse, Postgres): files named
 * `NNNN_name.sql` in a folder, applied in order under the target's lock, each recorded in the
 * target's `schema_migrations` ledger with its checksum. A target whose ledger holds a version
 * this build does not know is newer than this code: the runner refuses to touch it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HubError, type HubErrorOptions } from "../core/errors.js";

export type Migration = { version: number; name: string; checksum: string; statements: string[] };
export type AppliedMigration = { version: number; name: string; checksum: string };

/** What a store must offer to be migrated. */
export interface MigrationTarget {
  /** For messages: "clickhouse analytics@chdb:/path", "postgres schema replay". */
  readonly description: string;
  /** Runs `work` while holding the target's migration lock (one runner at a time, across processes). */
  withLock<T>(work: () => Promise<T>): Promise<T>;
  /** Creates the ledger if it is missing. Idempotent. */
  ensureLedger(): Promise<void>;
  applied(): Promise<AppliedMigration[]>;
  /** Runs the migration's statements and records it in the ledger. */
  apply(migration: Migration): Promise<void>;
}

export class MigrationError extends HubError {
  constructor(code: `MIGRATIONS_${string}`, message: string, options: HubErrorOptions = {}) {
    super(code, message, options);
  }
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Splits a file into statements: `;` at the end of a line ends one; `--` lines are comments. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split("\n")) {
    if (/^\s*--/.test(line)) continue;
    current.push(line);
    if (/;\s*$/.test(line)) {
      const statement = current.join("\n").replace(/;\s*$/, "").trim();
      if (statement) statements.push(statement);
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest) statements.push(rest);
  return statements;
}

/** Reads the migrations in `dir`, ordered by version. Touches the disk. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sql")) continue;
    const match = FILE.exec(file);
    if (!match) throw new MigrationError("MIGRATIONS_BAD_FILE", `migration file ${join(dir, file)} is not named NNNN_name.sql`, { hint: "Rename it, e.g. 0004_add_fees.sql." });
    const text = readFileSync(join(dir, file), "utf8");
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new MigrationError("MIGRATIONS_BAD_FILE", `two migrations share version ${version} in ${dir}`, { hint: "Give each file its own number." });
    migrations.push({ version, name: match[2]!, checksum: createHash("sha256").update(text).digest("hex"), statements: splitStatements(text) });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

export type MigrationReport = { target: string; applied: AppliedMigration[]; current: number };

/**
 * Applies every pending migration in order. Refuses (MIGRATIONS_SCHEMA_NEWER) a target that
 * already holds a version newer than the newest known here, and (MIGRATIONS_CHECKSUM_MISMATCH)
 * one whose applied migration was edited since.
 */
export async function runMigrations(target: MigrationTarget, migrations: readonly Migration[], options: { upTo?: number } = {}): Promise<MigrationReport> {
  const newestKnown = migrations.at(-1)?.version ?? 0;
  return target.withLock(async () => {
    await target.ensureLedger();
    const applied = await target.applied();
    const newestApplied = Math.max(0, ...applied.map((m) => m.version));
    if (newestApplied > newestKnown) {
      throw new MigrationError("MIGRATIONS_SCHEMA_NEWER", `${target.description} is at schema version ${newestApplied}, newer than this build's ${newestKnown}`, {
        hint: "Run a newer build of the hub against this store, or point it at a fresh one.",
        details: { newestApplied, newestKnown },
      });
    }
    const byVersion = new Map(applied.map((m) => [m.version, m]));
    for (const migration of migrations) {
      const done = byVersion.get(migration.version);
      if (done && done.checksum !== migration.checksum) {
        throw new MigrationError("MIGRATIONS_CHECKSUM_MISMATCH", `migration ${migration.version}_${migration.name} was changed after ${target.description} applied it`, {
          hint: "Never edit an applied migration: add a new one instead.",
        });
      }
    }
    const ran: AppliedMigration[] = [];
    for (const migration of migrations) {
      if (byVersion.has(migration.version) || (options.upTo !== undefined && migration.version > options.upTo)) continue;
      try {
        await target.apply(migration);
      } catch (cause) {
        throw new MigrationError("MIGRATIONS_FAILED", `migration ${migration.version}_${migration.name} failed on ${target.description}`, {
          cause,
          hint: "Fix the statement or the store; applied migrations stay recorded, so a rerun resumes here.",
        });
      }
      ran.push({ version: migration.version, name: migration.name, checksum: migration.checksum });
    }
    const current = Math.max(newestApplied, ...ran.map((m) => m.version));
    return { target: target.description, applied: ran, current };
  });
}
