/**
 * A report as named tables, for the formats that show tables (CSV, HTML, PDF): each section's
 * list of rows becomes a table, each section's scalar fields a two-column table, evidence
 * objects become tx / block / logIndex columns; then the proofs and the facts. Pure.
 */
import type { Report } from "../report.js";

export type Cell = string | number | boolean | null;
export type ReportTable = { name: string; title: string; columns: string[]; rows: Cell[][] };

function isEvidence(value: unknown): value is { tx: string; block: string; logIndex: number } {
  return typeof value === "object" && value !== null && "tx" in value && "block" in value && "logIndex" in value;
}

/** One row's cells by column, nested objects flattened with dotted names. */
function flatten(value: Record<string, unknown>, prefix = "", out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isEvidence(v)) {
      out[`${name}.tx`] = v.tx;
      out[`${name}.block`] = v.block;
      out[`${name}.logIndex`] = v.logIndex;
    } else if (Array.isArray(v)) out[name] = v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(" ");
    else if (v !== null && typeof v === "object") flatten(v as Record<string, unknown>, name, out);
    else out[name] = (v ?? null) as Cell;
  }
  return out;
}

function tableOfRows(name: string, rows: Record<string, unknown>[]): ReportTable {
  const flat = rows.map((r) => flatten(r));
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return { name, title: name, columns, rows: flat.map((r) => columns.map((c) => r[c] ?? null)) };
}

const isRowList = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x));

function sectionTables(name: string, section: unknown, out: ReportTable[]): void {
  if (isRowList(section)) {
    out.push(tableOfRows(name, section));
    return;
  }
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    out.push({ name, title: name, columns: ["field", "value"], rows: [[name, Array.isArray(section) ? section.join(" ") : ((section ?? null) as Cell)]] });
    return;
  }
  const scalars: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(section)) {
    if (isRowList(v)) sectionTables(`${name}.${key}`, v, out);
    else scalars[key] = v;
  }
  const flat = flatten(scalars);
  if (Object.keys(flat).length > 0) out.unshift({ name, title: name, columns: ["field", "value"], rows: Object.entries(flat).map(([k, v]) => [k, v]) });
}

/**
 * The tables one at a time, each built when asked for: a renderer that writes a table and lets
 * it go never holds the facts table beside the others.
 */
export function* reportTableStream(report: Report): Generator<ReportTable> {
  for (const [name, section] of Object.entries(report.sections)) {
    const own: ReportTable[] = [];
    sectionTables(name, section, own);
    yield* own;
  }
  // Off chain (the hub's attestations, covered by the digest, not by the chain).
  const { contentChecks, verdicts } = report.offChain;
  yield {
    name: "offChain",
    title: "offChain (attested by the hub, not checkable against the chain)",
    columns: ["field", "value"],
    rows: [
      ["contentChecks.available", contentChecks.available],
      ["contentChecks.note", contentChecks.note],
      ["contentChecks.checked", contentChecks.checked],
      ["contentChecks.failed", contentChecks.failed.length],
      ["verdicts.available", verdicts.available],
      ["verdicts.note", verdicts.note],
    ],
  };
  if (contentChecks.failed.length > 0) yield { ...tableOfRows("offChain.contentFailures", contentChecks.failed) };
  if (verdicts.items.length > 0) yield { ...tableOfRows("offChain.verdicts", verdicts.items) };
  yield {
    name: "merkleProofs",
    title: "merkleProofs",
    columns: ["datanetId", "version", "merkleRoot", "contributionId", "contentHash", "proof"],
    rows: report.merkleProofs.flatMap((v) => v.leaves.map((l) => [v.datanetId, v.version, v.merkleRoot, l.contributionId, l.contentHash, l.proof.join(" ")])),
  };
  yield {
    name: "facts",
    title: "facts",
    columns: ["contract", "event", "block", "logIndex", "tx", "time", "args"],
    rows: report.facts.map((f) => [f.contract, f.event, f.block, f.logIndex, f.tx, f.time, JSON.stringify(f.args)]),
  };
}

export function reportTables(report: Report): ReportTable[] {
  return [...reportTableStream(report)];
}

/** The figures a reader looks for first, per kind (title, value). */
export function headlineFigures(report: Report): [string, string][] {
  const s = report.sections as Record<string, Record<string, unknown>>;
  const g = (s.generalInformation ?? s.inference ?? {}) as Record<string, unknown>;
  const figures: [string, string][] = [];
  const add = (label: string, value: unknown) => {
    if (value !== undefined && value !== null) figures.push([label, String(value)]);
  };
  if (report.kind === "model") {
    const td = g.trainingData as Record<string, unknown>;
    add("Model", `${g.name} (id ${g.modelId})`);
    add("Status", g.status);
    add("Training contributions", td?.contributions);
    add("Training bytes", td?.bytes);
    add("Trained on withdrawn data", (s.dataProcessing as Record<string, unknown>)?.trainedOnWithdrawnData ? "YES" : "no");
    add("Fees total (wei)", (s.appendices?.fees as Record<string, unknown>)?.feesTotal);
  } else if (report.kind === "datanet") {
    const c = g.counts as Record<string, unknown>;
    add("Datanet", `${g.name} (id ${g.datanetId})`);
    add("Licence", g.licence);
    add("Contributions", c?.contributions);
    add("Withdrawn", c?.withdrawn);
    add("Rewards total (wei)", s.rewardsTotal);
  } else if (report.kind === "account") {
    add("Account", g.account);
    add("Contributions", g.contributions);
    add("Rewards total (wei)", g.rewardsTotal);
    add("Inferences called", g.inferencesCalled);
  } else {
    add("Inference", g.inferenceId);
    add("Model", g.modelId);
    add("Fee (wei)", g.fee);
    add("Payments total (wei)", s.paymentsTotal);
  }
  add("Facts", report.factCount);
  return figures;
}
