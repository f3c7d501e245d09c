/**
 * The layering, enforced (after Ponder's packages/core/src/internal/layering.test.ts): walks the
 * relative imports of the production code (tests, test helpers and benches excluded) and fails on
 * a forbidden edge between top-level folders, or on a cycle between folders.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SKIP_DIRS = new Set(["node_modules", "test", "bench", "_test", "_setup"]);

/** Production TypeScript files, relative to the root. */
function productionFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...productionFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) out.push(relative(ROOT, path));
  }
  return out;
}

/** The file a relative specifier names (`./x.js` is written for `./x.ts`). */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(ROOT, dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts"), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate);
  }
  return undefined;
}

/**
 * The layer of a file: its top-level folder. hub/ is three: hub/in-ponder (runs inside a Ponder
 * process), hub/writers (the writers both the Ponder process and the parent's processes start)
 * hub/shared (what both sides agree on: the durable PGlite folder, the messages the parent hands
 * the Ponder process) and the rest of hub/ (the parent: CLIs, process supervision).
 */
export function layerOf(file: string): string {
  const parts = file.split(sep);
  if (parts.length === 1) return "(root)";
  if (parts[0] === "hub" && (parts[1] === "in-ponder" || parts[1] === "writers" || parts[1] === "shared")) return `hub/${parts[1]}`;
  return parts[0]!;
}

export type Edge = { from: string; to: string; fromFile: string; toFile: string };

export function importEdges(files = productionFiles()): Edge[] {
  const edges: Edge[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      const target = resolveImport(file, ref.fileName);
      if (!target) continue;
      const from = layerOf(file);
      const to = layerOf(target);
      if (from !== to) edges.push({ from, to, fromFile: file, toFile: target });
    }
  }
  return edges;
}

/** What each layer may not import. Layers absent here may import what the cycle rule allows. */
const FORBIDDEN: Record<string, (to: string) => boolean> = {
  core: () => true,
  schema: (to) => ["devnet", "hub", "hub/in-ponder", "hub/writers", "hub/shared", "api", "replay"].includes(to),
  indexer: (to) => ["devnet", "hub", "hub/in-ponder", "hub/writers", "hub/shared", "api", "replay"].includes(to),
  analytics: (to) => ["api", "hub", "hub/in-ponder", "hub/writers", "hub/shared", "devnet"].includes(to),
  replay: (to) => ["api", "hub", "hub/in-ponder", "hub/writers", "hub/shared", "devnet"].includes(to),
  attribution: (to) => !["core", "model"].includes(to),
  migrations: (to) => ["api", "hub", "hub/in-ponder", "hub/writers", "devnet", "replay"].includes(to),
  // devnet/ is the chain and the simulator only: it never reaches into the hub or its consumers
  devnet: (to) => ["hub", "hub/in-ponder", "hub/writers", "api", "replay", "analytics", "indexer"].includes(to),
  api: (to) => ["hub", "hub/in-ponder", "hub/writers", "hub/shared", "devnet"].includes(to),
  // code run in the parent never loads what runs inside the Ponder process, and the reverse
  hub: (to) => to === "hub/in-ponder",
  "hub/in-ponder": (to) => ["hub", "devnet"].includes(to),
  "hub/writers": (to) => ["hub", "hub/in-ponder", "devnet", "api"].includes(to),
  "hub/shared": (to) => ["hub", "hub/in-ponder", "hub/writers", "devnet", "api"].includes(to),
};

export function forbiddenEdges(edges: Edge[]): Edge[] {
  return edges.filter((e) => FORBIDDEN[e.from]?.(e.to) === true);
}

/** Folder cycles (strongly connected components of more than one layer), as layer lists. */
export function folderCycles(edges: Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    if (!graph.has(e.to)) graph.set(e.to, new Set());
    graph.get(e.from)!.add(e.to);
  }
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}

const show = (edges: Edge[]) => edges.map((e) => `${e.from} -> ${e.to}: ${e.fromFile} imports ${e.toFile}`);

test("no production import crosses a forbidden layer", () => {
  const edges = importEdges();
  assert.ok(edges.length > 20, "the walk found the imports");
  assert.deepEqual(show(forbiddenEdges(edges)), []);
});

test("no cycles between folders", () => {
  const edges = importEdges();
  const cycles = folderCycles(edges);
  const detail = cycles.map((c) => `${c.join(" <-> ")}: ${show(edges.filter((e) => c.includes(e.from) && c.includes(e.to))).join("; ")}`);
  assert.deepEqual(detail, []);
});

test("the walker sees a planted forbidden edge and a planted cycle", () => {
  const planted: Edge[] = [
    { from: "core", to: "replay", fromFile: "core/x.ts", toFile: "replay/y.ts" },
    { from: "replay", to: "core", fromFile: "replay/y.ts", toFile: "core/x.ts" },
  ];
  assert.equal(forbiddenEdges(planted).length, 1);
  assert.deepEqual(folderCycles(planted), [["core", "replay"]]);
});
