/**
 * Opens an embedded PGlite folder so that a SIGKILL at any moment never leaves it unopenable.
 *
 * What was seen (PGlite 0.2.13): a folder whose process was killed while PGlite ran initdb (the
 * first open, about a second) aborts on every later open (`Aborted(). Build with -sASSERTIONS`),
 * while kills of an initialised folder, mid-write or mid-open, recover on the next open as
 * Postgres does from its WAL (checked with dozens of kills). So a new folder is initialised
 * beside its place (`<dir>.init-<pid>`) and renamed into place once closed: the rename is atomic,
 * and a leftover half-initialised folder is only ever an `.init-` one, removed on the next start.
 * A folder that still will not open (made by an older build, or damaged) is set aside as
 * `<dir>.unreadable` and replaced by an empty one: every store opened through here holds only
 * what can be derived again (Ponder re-indexes from the chain; replay jobs and verdicts are
 * recomputed from the indexed claims), and the caller says so in its log and status.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

export type PgliteFolderOutcome = "created" | "opened" | "rebuilt";

/** What opening a folder found: reported on the status route and in the log. */
export type PgliteFolderRecovery = {
  dir: string;
  outcome: PgliteFolderOutcome;
  /** Why the folder was rebuilt (the engine's error), when it was. */
  reason?: string;
  /** Where the unreadable folder was moved, when it was. */
  setAsideTo?: string;
  /** What was repaired inside a folder that opened (hub/ponder-schema-record.ts), when something was. */
  repaired?: string;
};

/** Removes `<dir>.init-*` folders left by a start that was killed while initialising. */
async function removeInterruptedInits(dir: string): Promise<void> {
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.init-`;
  const entries = await readdir(parent).catch(() => [] as string[]);
  await Promise.all(entries.filter((e) => e.startsWith(prefix)).map((e) => rm(join(parent, e), { recursive: true, force: true })));
}

/** initdb in a folder of its own, then one atomic rename into place. */
async function initialiseAtomically(dir: string): Promise<void> {
  const staging = `${dir}.init-${process.pid}-${Date.now()}`;
  const db = new PGlite(staging);
  await db.waitReady;
  await db.close();
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

async function openExisting(dir: string): Promise<PGlite> {
  const db = new PGlite(dir);
  await db.waitReady;
  return db;
}

export type OpenDurablePgliteResult = { db: PGlite; recovery: PgliteFolderRecovery };

/** Opens (initialising atomically, or rebuilding an unreadable folder) and keeps it open. */
export async function openDurablePglite(dir: string): Promise<OpenDurablePgliteResult> {
  await mkdir(dirname(dir), { recursive: true });
  await removeInterruptedInits(dir);
  // PG_VERSION is written first by initdb: a folder without it holds nothing worth keeping.
  if (!existsSync(join(dir, "PG_VERSION"))) {
    await initialiseAtomically(dir);
    return { db: await openExisting(dir), recovery: { dir, outcome: "created" } };
  }
  try {
    return { db: await openExisting(dir), recovery: { dir, outcome: "opened" } };
  } catch (error) {
    const setAsideTo = `${dir}.unreadable`;
    await rm(setAsideTo, { recursive: true, force: true });
    await rename(dir, setAsideTo);
    await initialiseAtomically(dir);
    const reason = error instanceof Error ? error.message : String(error);
    return { db: await openExisting(dir), recovery: { dir, outcome: "rebuilt", reason, setAsideTo } };
  }
}

/**
 * For a folder another process will open (Ponder's own PGlite): makes sure it opens, then
 * closes it, so the other process never runs initdb itself and never meets a broken folder.
 */
export async function preparePgliteFolder(dir: string, whileOpen?: (db: PGlite) => Promise<void>): Promise<PgliteFolderRecovery> {
  const { db, recovery } = await openDurablePglite(dir);
  try {
    await whileOpen?.(db);
  } finally {
    await db.close();
  }
  return recovery;
}
