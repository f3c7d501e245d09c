/**
 * `npx tsx bench/_cpu-profile.ts FILE [SECONDS]`: a V8 .cpuprofile's self time by package
 * (node_modules/<name>, or our folder), then the time in Node's own code and native writes
 * charged to the nearest JavaScript caller outside Node (e.g. @hono/node-server). SECONDS: only
 * the profile's last seconds (the load phase of bench/_api-probe.ts).
 */
import { readFileSync } from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const windowUs = Number(process.argv[3] ?? "0") * 1e6;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const at: number[] = [];
let clock = 0;
for (const d of profile.timeDeltas) at.push((clock += d));
const end = at.at(-1) ?? 0;

const packageOf = (url: string, name: string) =>
  url ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith("node:") ? "node internals" : url.replace(/^file:\/\/\/.*?\/(api|bench|core|hub|analytics|replay|indexer)\//, "$1/").split("/").slice(0, 2).join("/"))) : `(${name || "native"})`;
const isNodeOrWrite = (f: ProfileNode["callFrame"]) => f.url.startsWith("node:") || (!f.url && /^(writev|writeLatin1String|writeBuffer|writeUtf8String)$/.test(f.functionName));

const self = new Map<string, number>();
const nodeByCaller = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  if (windowUs && at[i]! < end - windowUs) return;
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const frame = byId.get(id)!.callFrame;
  total += ms;
  const key = packageOf(frame.url, frame.functionName);
  self.set(key, (self.get(key) ?? 0) + ms);
  if (!isNodeOrWrite(frame)) return;
  let cur: number | undefined = id;
  while (cur !== undefined && (byId.get(cur)!.callFrame.url === "" || byId.get(cur)!.callFrame.url.startsWith("node:"))) cur = parent.get(cur);
  const caller = cur === undefined ? "(no JavaScript caller: HTTP parsing, socket reads)" : `${packageOf(byId.get(cur)!.callFrame.url, "")} ${byId.get(cur)!.callFrame.functionName}`;
  nodeByCaller.set(caller, (nodeByCaller.get(caller) ?? 0) + ms);
});
const print = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).forEach(([k, v]) => console.log(`${v.toFixed(0).padStart(7)} ms ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`));
console.log(`${total.toFixed(0)} ms sampled; self time by package:`);
print(self, 25);
console.log("Node's own code and native writes, by nearest caller outside Node:");
print(nodeByCaller, 12);
