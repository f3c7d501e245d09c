/**
 * `lineage(modelId)`: the provenance graph for a frontend to draw: model → training runs →
 * datanet versions → contributions → contributors, datanets and adapters, as nodes and edges.
 */
import { builder } from "../builder.js";
import type { AsOfView } from "../context.js";
import { NotFoundError } from "../errors.js";
import { membersOfVersion } from "../loaders/datanets.js";
import { present } from "../types/at.js";
import { AsOfInputRef } from "../types/evidence.js";

type LineageNode = { id: string; kind: string; label: string; withdrawn: boolean | null };
type LineageEdge = { from: string; to: string; kind: string };
type Lineage = { nodes: LineageNode[]; edges: LineageEdge[]; blockNumber: bigint };

const NodeRef = builder.objectRef<LineageNode>("LineageNode").implement({
  fields: (t) => ({
    id: t.exposeString("id", { description: "`kind:key`, e.g. `contribution:12`, `account:0x…`." }),
    kind: t.exposeString("kind", { description: "model | trainingRun | adapter | datanetVersion | datanet | contribution | account" }),
    label: t.exposeString("label"),
    withdrawn: t.exposeBoolean("withdrawn", { nullable: true, description: "Contributions: consent withdrawn by the answered block." }),
  }),
});
const EdgeRef = builder.objectRef<LineageEdge>("LineageEdge").implement({
  fields: (t) => ({
    from: t.exposeString("from"),
    to: t.exposeString("to"),
    kind: t.exposeString("kind", { description: "trainedIn | trainedOn | versionOf | contains | contributedBy | adapterOf" }),
  }),
});
const LineageRef = builder.objectRef<Lineage>("Lineage").implement({
  fields: (t) => ({
    nodes: t.field({ type: [NodeRef], resolve: (l) => l.nodes }),
    edges: t.field({ type: [EdgeRef], resolve: (l) => l.edges }),
    blockNumber: t.expose("blockNumber", { type: "BigInt" }),
  }),
});

async function buildLineage(view: AsOfView, modelId: bigint): Promise<Lineage | null> {
  const l = view.loaders;
  const m = await l.models.model.load(modelId);
  if (!m) return null;
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const node = (id: string, kind: string, label: string, withdrawn: boolean | null = null) => void (nodes.has(id) || nodes.set(id, { id, kind, label, withdrawn }));
  node(`model:${m.id}`, "model", m.name);
  const runs = await l.models.runsByModel.load(m.id);
  const datasets = present(await l.models.datasetsByRun.loadMany(runs.map((r) => r.id))).flat();
  const versions = present(await l.datanets.datanetVersion.loadMany(datasets.map((d) => `${d.datanetId}-${d.version}`)));
  const datanetIds = [...new Set(versions.map((v) => v.datanetId))];
  const datanets = present(await l.datanets.datanet.loadMany(datanetIds));
  const members = present(await l.datanets.membersByDatanet.loadMany(datanetIds)).flat();
  const memberIds = [...new Set(versions.flatMap((v) => membersOfVersion(members.filter((x) => x.datanetId === v.datanetId), v.version)))];
  const contributions = present(await l.datanets.contribution.loadMany(memberIds));
  const states = view.block.atHead ? contributions.map((c) => c.status) : present(await l.datanets.contributionState.loadMany(memberIds)).map((s) => s.status);
  const adapters = present(await l.models.adaptersByRun.loadMany(runs.map((r) => r.id))).flat();
  for (const r of runs) {
    node(`trainingRun:${r.id}`, "trainingRun", `run ${r.id}`);
    edges.push({ from: `model:${m.id}`, to: `trainingRun:${r.id}`, kind: "trainedIn" });
  }
  for (const d of datanets) node(`datanet:${d.id}`, "datanet", `${d.name} (${d.licence})`);
  for (const d of datasets) edges.push({ from: `trainingRun:${d.runId}`, to: `datanetVersion:${d.datanetId}-${d.version}`, kind: "trainedOn" });
  for (const v of versions) {
    node(`datanetVersion:${v.id}`, "datanetVersion", `v${v.version} ${v.merkleRoot.slice(0, 10)}`);
    edges.push({ from: `datanetVersion:${v.id}`, to: `datanet:${v.datanetId}`, kind: "versionOf" });
    for (const c of membersOfVersion(members.filter((x) => x.datanetId === v.datanetId), v.version)) edges.push({ from: `datanetVersion:${v.id}`, to: `contribution:${c}`, kind: "contains" });
  }
  contributions.forEach((c, i) => {
    node(`contribution:${c.id}`, "contribution", c.contentHash.slice(0, 10), states[i] === "withdrawn");
    node(`account:${c.contributor}`, "account", c.contributor);
    edges.push({ from: `contribution:${c.id}`, to: `account:${c.contributor}`, kind: "contributedBy" });
  });
  for (const a of adapters) {
    node(`adapter:${a.id}`, "adapter", a.name);
    edges.push({ from: `adapter:${a.id}`, to: `trainingRun:${a.runId}`, kind: "adapterOf" });
  }
  return { nodes: [...nodes.values()], edges, blockNumber: view.block.number };
}

builder.queryField("lineage", (t) =>
  t.field({
    type: LineageRef,
    nullable: true,
    args: { modelId: t.arg({ type: "BigInt", required: true }), asOf: t.arg({ type: AsOfInputRef, required: false }) },
    resolve: async (_r, a, ctx) => {
      const view = await ctx.view(a.asOf);
      const lineage = await buildLineage(view, a.modelId);
      if (!lineage) throw new NotFoundError(`model ${a.modelId} does not exist at block ${view.block.number}`, { hint: "check the id, or ask as of a later block (asOf)" });
      return lineage;
    },
  }),
);
