/**
 * Reports over one small simulated chain and one real indexer (Ponder on Postgres): each kind
 * in each format; byte-identical across runs and processes; `verify` passes against the devnet
 * and names a tampered amount, contributor, log index and proof node; proofs accepted by
 * OpenZeppelin's MerkleProof.verify on the devnet; the withdrawal as of before and after;
 * rendering in chromium and poppler; the indexer's head as the default block and blocks past it
 * refused; bad input answered with codes while the server serves; the GraphQL `report` field's
 * link serves the bytes whose digest it states, under the route's key rule.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { strFromU8, unzipSync } from "fflate";
import { Hono } from "hono";
import pg from "pg";
import { ArtifactStore } from "../../artifacts/store.js";
import { mountProvenanceGraphql } from "../../api/graphql/mount.js";
import { DEFAULT_HUB_GRAPHQL_SETTINGS } from "../../api/graphql/server/hub-graphql-settings.js";
import type { ReportAccess } from "../../api/reports/access.js";
import { digestOfReportValue } from "../../api/reports/digest.js";
import { gatherReport } from "../../api/reports/gather/gather-report.js";
import { readIndexedHead } from "../../api/reports/gather/indexed-head.js";
import type { ReportDb } from "../../api/reports/gather/report-db.js";
import { renderReport, reportFormats } from "../../api/reports/render/render-report.js";
import { reportRoutes } from "../../api/reports/routes.js";
import type { Report, ReportKind } from "../../api/reports/report.js";
import { readReportFile } from "../../api/reports/verify/read-report.js";
import { verifyReport } from "../../api/reports/verify/verify-report.js";
import { isHubError } from "../../core/errors.js";
import { PROJECT_ROOT } from "../../hub/ponder-process.js";
import { compileProofChecker, verifyOnChain } from "../_setup/merkle-verifier.js";
import { reportClient, startReportWorld, type ReportWorld } from "../_setup/report-sources.js";
import { htmlToPngAndText, missingBinary, pdfToPngsAndText } from "../_setup/report-rendering.js";

const run = promisify(execFile);
const NODE = join(PROJECT_ROOT, "node_modules/.bin/node");
const clone = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type ReportLinkAnswer = { kind: string; subject: string; format: string; link: string; digest: string; block: { number: string; hash: string; timestamp: string }; factCount: number; fileSha256: string };
type GraphqlAnswer = { status: number; data?: { report: ReportLinkAnswer | null; _meta?: { block: { number: string } } }; errors?: { message: string; extensions: { code: string } }[] };
const REPORT_QUERY = `query Report($kind: ReportKind!, $id: String!, $asOf: AsOf, $format: ReportFormat) {
  report(kind: $kind, id: $id, asOf: $asOf, format: $format) { kind subject format link digest block { number hash timestamp } factCount fileSha256 }
}`;

/** POSTs a GraphQL request to `url` (a Hono app's `request` or fetch) and reads the answer. */
async function graphql(send: (url: string, init: RequestInit) => Response | Promise<Response>, url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphqlAnswer> {
  const response = await send(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as Omit<GraphqlAnswer, "status">) };
}

describe("compliance reports against the chain", () => {
  let w: ReportWorld;
  const reports = new Map<ReportKind, Report>();
  let account = "";

  before(async () => {
    w = await startReportWorld("12");
    account = (await w.pool.query<{ contributor: string }>("SELECT contributor FROM contribution ORDER BY id LIMIT 1")).rows[0]!.contributor;
    for (const [kind, id] of [["model", "1"], ["datanet", "1"], ["account", account], ["inference", "1"]] as const) reports.set(kind, await gatherReport(w.sources, kind, id));
  });
  after(async () => w?.stop());

  test("each kind in each format, the same bytes on a second run, and verify passes", async () => {
    for (const [kind, report] of reports) {
      const again = await gatherReport(w.sources, kind, report.subject, BigInt(report.asOf.block));
      assert.equal(again.digest.value, report.digest.value, `${kind} digest`);
      for (const format of reportFormats) {
        const bytes = await renderReport(report, format);
        assert.ok(bytes.length > 500, `${kind} ${format} has content`);
        assert.deepEqual(await renderReport(again, format), bytes, `${kind} ${format} byte-identical`);
        if (format !== "json") {
          const read = readReportFile(bytes, await renderReport(report, "json"));
          assert.equal(read.citedDigest, report.digest.value, `${kind} ${format} cites the digest`);
        }
      }
      const result = await verifyReport(report, { client: w.client, rpcUrl: w.sim.devnet.rpcUrl });
      assert.deepEqual(result.failures, [], `${kind} verifies`);
      assert.ok(result.facts > 0 && result.proofs > 0, `${kind} cites facts and proofs`);
    }
    const zip = unzipSync(await renderReport(reports.get("model")!, "csv"));
    assert.ok(zip["generalInformation.csv"] && zip["facts.csv"] && zip["report.json"], "one CSV per table, and the JSON");
    assert.match(strFromU8(zip["manifest.json"]!), new RegExp(reports.get("model")!.digest.value));
  });

  test("another process (the CLI) writes the same bytes, and the verify CLI passes it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ph-report-cli-"));
    const model = reports.get("model")!;
    for (const format of ["json", "pdf"] as const) {
      const out = join(dir, `model.${format}`);
      await run(NODE, ["--import", "tsx", "api/reports/cli/report.ts", "model", "1", "--as-of", model.asOf.block, "--format", format, "--out", out, "--database-url", w.indexer.databaseUrl!, "--deployment", w.sim.deploymentFile, "--artifacts", w.sim.store.root], { cwd: PROJECT_ROOT });
      assert.deepEqual(new Uint8Array(await readFile(out)), await renderReport(model, format), `${format} from another process`);
    }
    const verified = await run(NODE, ["--import", "tsx", "api/reports/cli/verify-report.ts", join(dir, "model.pdf"), "--json", join(dir, "model.json"), "--rpc", w.sim.devnet.rpcUrl], { cwd: PROJECT_ROOT });
    assert.match(verified.stdout, /OK: every fact/);
  });

  test("the hub app inside Ponder serves the same bytes over HTTP", async () => {
    const asOf = reports.get("model")!.asOf.block;
    // The hub is started without an artifact store, so its report says content was not re-hashed.
    const expected = await gatherReport({ ...w.sources, artifacts: undefined }, "model", "1", BigInt(asOf));
    assert.equal(expected.offChain.contentChecks.available, false);
    const answer = await fetch(`${w.indexer.ponder.url}/reports/model/1?asOf=${asOf}&format=pdf`);
    assert.equal(answer.status, 200, await answer.clone().text());
    assert.equal(answer.headers.get("content-type"), "application/pdf");
    assert.equal(answer.headers.get("x-report-digest"), `sha-256:${expected.digest.value}`);
    assert.deepEqual(new Uint8Array(await answer.arrayBuffer()), await renderReport(expected, "pdf"));
  });

  test("the GraphQL report field links to the route's bytes and states their digest, as of the answered block", async () => {
    const model = reports.get("model")!;
    const block = model.asOf.block;
    const hub = w.indexer.ponder.url;
    const ask = (variables: Record<string, unknown>, query = REPORT_QUERY) => graphql(fetch, `${hub}/graphql`, query, variables);
    // The hub in Ponder has no artifact store: its report says content was not re-hashed.
    const expected = await gatherReport({ ...w.sources, artifacts: undefined }, "model", "1", BigInt(block));
    const json = await ask({ kind: "MODEL", id: "1", asOf: { block } });
    assert.deepEqual(json.errors, undefined);
    const field = json.data!.report!;
    assert.deepEqual(
      { ...field, fileSha256: undefined },
      { kind: "MODEL", subject: "1", format: "JSON", link: `/reports/model/1?asOf=${block}&format=json`, digest: expected.digest.value, block: { number: block, hash: model.asOf.blockHash, timestamp: model.asOf.timestamp }, factCount: expected.factCount, fileSha256: undefined },
    );
    const served = await fetch(`${hub}${field.link}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("x-report-digest"), `sha-256:${field.digest}`);
    const bytes = new Uint8Array(await served.arrayBuffer());
    const document = JSON.parse(new TextDecoder().decode(bytes)) as Report;
    assert.equal(digestOfReportValue(document as unknown as Record<string, unknown>), field.digest, "the served JSON, less its digest member, hashes to the field's digest");
    assert.equal(document.digest.value, field.digest, "and cites it");
    assert.equal(sha256(bytes), field.fileSha256, "fileSha256 is the SHA-256 of the served bytes");

    const nested = await ask({}, `{ model(id: 1, asOf: { block: ${block} }) { report { link digest block { number } } } }`);
    assert.deepEqual((nested.data as unknown as { model: { report: unknown } }).model.report, { link: field.link, digest: field.digest, block: { number: block } }, "Model.report is the same report");

    const pdf = (await ask({ kind: "MODEL", id: "1", asOf: { block }, format: "PDF" })).data!.report!;
    assert.equal(pdf.link, `/reports/model/1?asOf=${block}&format=pdf`);
    assert.equal(pdf.digest, field.digest, "every format cites the same digest");
    assert.equal(sha256(new Uint8Array(await (await fetch(`${hub}${pdf.link}`)).arrayBuffer())), pdf.fileSha256);

    // An earlier block: fewer facts, another digest, and the link asks the route for that block.
    const earlier = model.facts[Math.floor(model.facts.length / 2)]!.block;
    const then = (await ask({ kind: "MODEL", id: "1", asOf: { block: earlier } })).data!.report!;
    assert.equal(then.block.number, earlier);
    assert.notEqual(then.digest, field.digest);
    assert.ok(then.factCount < field.factCount);
    assert.equal(then.digest, (await gatherReport({ ...w.sources, artifacts: undefined }, "model", "1", BigInt(earlier))).digest.value);
    const thenDocument = (await (await fetch(`${hub}${then.link}`)).json()) as Report;
    assert.equal(thenDocument.digest.value, then.digest);
    assert.equal(thenDocument.asOf.block, earlier);

    // Without asOf: the block the rest of the request answers for (the indexed head).
    const atHead = await ask({}, `{ report(kind: ACCOUNT, id: "${account}") { subject block { number } } _meta { block { number } } }`);
    assert.deepEqual(atHead.errors, undefined);
    assert.equal(atHead.data!.report!.block.number, atHead.data!._meta!.block.number);
    assert.equal(atHead.data!.report!.subject, account.toLowerCase());
  });

  test("the GraphQL report field answers bad input with the API's codes, keeps the route's key rule, and the server keeps serving", async () => {
    const block = reports.get("model")!.asOf.block;
    const hub = w.indexer.ponder.url;
    const code = async (variables: Record<string, unknown>, query = REPORT_QUERY) => {
      const answer = await graphql(fetch, `${hub}/graphql`, query, variables);
      return [answer.data?.report ?? null, answer.errors?.[0]?.extensions.code] as const;
    };
    assert.deepEqual(await code({ kind: "MODEL", id: "999", asOf: { block } }), [null, "NOT_FOUND"]);
    assert.deepEqual(await code({ kind: "INFERENCE", id: "99999" }), [null, "NOT_FOUND"]);
    assert.deepEqual(await code({ kind: "MODEL", id: "seven" }), [null, "BAD_USER_INPUT"]);
    assert.deepEqual(await code({ kind: "ACCOUNT", id: "0x1234" }), [null, "BAD_USER_INPUT"]);
    assert.deepEqual(await code({ kind: "MODEL", id: "1", asOf: { block: (BigInt(block) + 100_000n).toString() } }), [null, "BAD_USER_INPUT"], "a block past the indexed head");
    assert.deepEqual(await code({ kind: "MODEL", id: "1", asOf: { block: "-1" } }), [null, "BAD_USER_INPUT"]);
    assert.deepEqual(await code({ kind: "VESSEL", id: "1" }), [null, "BAD_USER_INPUT"], "an unknown kind");
    assert.deepEqual(await code({ kind: "MODEL", id: "1", format: "DOCX" }), [null, "BAD_USER_INPUT"], "an unknown format");
    assert.deepEqual(await code({}, `{ report(kind: VESSEL, id: "1") { digest } }`), [null, "GRAPHQL_VALIDATION_FAILED"], "an unknown kind written in the query");
    assert.deepEqual(await code({}, `{ report(kind: MODEL, id: "1", format: docx) { digest } }`), [null, "GRAPHQL_VALIDATION_FAILED"]);
    const ok = await graphql(fetch, `${hub}/graphql`, REPORT_QUERY, { kind: "DATANET", id: "1", asOf: { block } });
    assert.equal(ok.data!.report!.digest, (await gatherReport({ ...w.sources, artifacts: undefined }, "datanet", "1", BigInt(block))).digest.value, "still serving");

    // Exports behind a key: the route and the field refuse without it and answer with it.
    const access: ReportAccess = { sources: async () => w.sources, apiKey: "report-key" };
    const app = new Hono().route("/reports", reportRoutes(access));
    mountProvenanceGraphql(app, "/graphql", { db: w.db, services: { reports: access } }, { ...DEFAULT_HUB_GRAPHQL_SETTINGS, rateLimit: false });
    const local = (url: string, init: RequestInit) => app.request(url, init);
    const refused = await graphql(local, "/graphql", REPORT_QUERY, { kind: "MODEL", id: "1", asOf: { block } });
    assert.deepEqual([refused.status, refused.errors?.[0]?.extensions.code, refused.data?.report ?? null], [401, "UNAUTHENTICATED", null]);
    const wrongKey = await graphql(local, "/graphql", REPORT_QUERY, { kind: "MODEL", id: "1", asOf: { block } }, { "x-api-key": "nope" });
    assert.equal(wrongKey.errors?.[0]?.extensions.code, "UNAUTHENTICATED");
    assert.equal((await app.request(`/reports/model/1?asOf=${block}`)).status, 401);
    const keyed = await graphql(local, "/graphql", REPORT_QUERY, { kind: "MODEL", id: "1", asOf: { block } }, { "x-api-key": "report-key" });
    assert.deepEqual(keyed.errors, undefined);
    assert.equal(keyed.data!.report!.digest, reports.get("model")!.digest.value, "the key's app has the artifact store: the test's own report");
    const again = await graphql(local, "/graphql", REPORT_QUERY, { kind: "MODEL", id: "1", asOf: { block } });
    assert.equal(again.errors?.[0]?.extensions.code, "UNAUTHENTICATED", "a keyed answer is not served from the response cache to a client without the key");
    const served = await app.request(keyed.data!.report!.link, { headers: { "x-api-key": "report-key" } });
    assert.equal(served.status, 200);
    assert.equal(sha256(new Uint8Array(await served.arrayBuffer())), keyed.data!.report!.fileSha256);
    // A process without report sources says so instead of failing.
    const bare = new Hono();
    mountProvenanceGraphql(bare, "/graphql", { db: w.db }, { ...DEFAULT_HUB_GRAPHQL_SETTINGS, rateLimit: false });
    const unavailable = await graphql((url, init) => bare.request(url, init), "/graphql", REPORT_QUERY, { kind: "MODEL", id: "1" });
    assert.equal(unavailable.errors?.[0]?.extensions.code, "SERVICE_UNAVAILABLE");
  });

  test("verify names an altered amount, contributor, log index and proof node", async () => {
    const check = async (tampered: Report, pattern: RegExp, what: string) => {
      const result = await verifyReport(tampered, { client: w.client, rpcUrl: w.sim.devnet.rpcUrl });
      assert.equal(result.ok, false, `${what} is caught`);
      assert.ok(result.failures.some((f) => pattern.test(`${f.subject}: ${f.message}`)), `${what} is named: ${JSON.stringify(result.failures.slice(0, 4))}`);
    };
    const model = reports.get("model")!;
    const amount = clone(model);
    const reward = amount.facts.find((f) => f.event === "RewardPaid")!;
    reward.args.amount = (BigInt(reward.args.amount as string) + 1n).toString();
    await check(amount, new RegExp(`RewardPaid at block ${reward.block} log ${reward.logIndex}.*amount: report says`), "amount");
    const contributor = clone(model);
    const submitted = contributor.facts.find((f) => f.event === "ContributionSubmitted")!;
    submitted.args.contributor = "0x000000000000000000000000000000000000dead";
    await check(contributor, /ContributionSubmitted.*contributor: report says "0x0+dead", the chain says/, "contributor");
    const logIndex = clone(model);
    const moved = logIndex.facts.find((f) => f.event === "InferenceRecorded")!;
    moved.logIndex += 50;
    await check(logIndex, /InferenceRecorded.*no log at index/, "log index");
    const proof = clone(model);
    const leaf = proof.merkleProofs.find((v) => v.leaves.some((l) => l.proof.length > 0))!.leaves.find((l) => l.proof.length > 0)!;
    leaf.proof[0] = `0x${"ab".repeat(32)}`;
    await check(proof, new RegExp(`contribution ${leaf.contributionId} in datanet .*proof leads to`), "proof node");
    const section = clone(model);
    (section.sections.appendices as { fees: { feesTotal: string } }).fees.feesTotal = "1";
    await check(section, /sections\.appendices\.fees\.feesTotal: report says "1"/, "a derived figure");
  });

  test("content missing from or corrupt in the artifact store is listed off chain and shown", async () => {
    const model = reports.get("model")!;
    assert.equal(model.offChain.contentChecks.available, true);
    assert.deepEqual(model.offChain.contentChecks.failed, []);
    const store = new ArtifactStore(await mkdtemp(join(tmpdir(), "ph-report-artifacts-")));
    const leaves = model.merkleProofs.flatMap((v) => v.leaves).sort((a, b) => Number(a.contributionId) - Number(b.contributionId));
    const [missing, corrupt, ...rest] = [...new Map(leaves.map((l) => [l.contributionId, l])).values()];
    for (const leaf of rest) await store.put(await w.sim.store.get(leaf.contentHash));
    await store.putUnchecked(corrupt!.contentHash as `0x${string}`, new TextEncoder().encode("not the contributed text"));
    const checked = await gatherReport({ ...w.sources, artifacts: store }, "model", "1", BigInt(model.asOf.block));
    assert.deepEqual(checked.offChain.contentChecks.failed, [
      { contributionId: missing!.contributionId, contentHash: missing!.contentHash, result: "missing" },
      { contributionId: corrupt!.contributionId, contentHash: corrupt!.contentHash, result: "corrupt" },
    ]);
    assert.match(new TextDecoder().decode(await renderReport(checked, "html")), new RegExp(`offChain.contentFailures[\\s\\S]*${corrupt!.contentHash}`));
    assert.deepEqual((await verifyReport(checked, { client: w.client, rpcUrl: w.sim.devnet.rpcUrl })).failures, [], "off-chain findings do not fail verify");
  });

  test("every proof is accepted by OpenZeppelin's MerkleProof.verify on the devnet", async () => {
    const bytecode = compileProofChecker();
    let checked = 0;
    for (const report of reports.values()) {
      for (const v of report.merkleProofs) {
        for (const leaf of v.leaves.slice(0, 6)) {
          assert.equal(await verifyOnChain(w.client, bytecode, leaf.proof, v.merkleRoot, leaf.contentHash), true, `contribution ${leaf.contributionId}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 5);
    const v = reports.get("datanet")!.merkleProofs.find((x) => x.leaves.length > 1)!;
    assert.equal(await verifyOnChain(w.client, bytecode, v.leaves[0]!.proof, v.merkleRoot, v.leaves[1]!.contentHash), false, "a proof for another leaf fails");
  });

  test("as of a block before a withdrawal the contribution is accepted; after it the model is flagged", async () => {
    const withdrawals = (await w.pool.query<{ contribution_id: string; block_number: string }>(
      "SELECT contribution_id, block_number FROM contribution_status_change WHERE change = 'withdrawn' ORDER BY block_number",
    )).rows;
    let found = false;
    for (const { contribution_id: id, block_number: block } of withdrawals) {
      const afterIt = await gatherReport(w.sources, "model", "1", BigInt(block)).catch(() => undefined);
      const processing = afterIt?.sections.dataProcessing as { withdrawnAfterTraining: { contributionId: string }[]; trainedOnWithdrawnData: boolean } | undefined;
      if (!processing?.withdrawnAfterTraining.some((r) => r.contributionId === id)) continue;
      found = true;
      assert.equal(processing.trainedOnWithdrawnData, true);
      const before = await gatherReport(w.sources, "model", "1", BigInt(block) - 1n);
      const row = (before.sections.trainingContributions as { contributionId: string; status: string }[]).find((r) => r.contributionId === id);
      assert.equal(row?.status, "accepted", "listed as accepted before the withdrawal");
      assert.ok(!(before.sections.dataProcessing as { withdrawnAfterTraining: { contributionId: string }[] }).withdrawnAfterTraining.some((r) => r.contributionId === id));
      assert.deepEqual((await verifyReport(before, { client: w.client, rpcUrl: w.sim.devnet.rpcUrl })).failures, []);
      break;
    }
    assert.ok(found, "the simulation withdraws a contribution model 1 was trained on");
  });

  test("the HTML in chromium and the PDF in poppler show the key figures", async (t) => {
    const missing = missingBinary("chromium", "pdftoppm", "pdftotext");
    if (missing) return t.skip(`${missing}: install chromium and poppler-utils to run this check`);
    const model = reports.get("model")!;
    const general = model.sections.generalInformation as { name: string; trainingData: { contributions: number } };
    const fees = (model.sections.appendices as { fees: { feesTotal: string } }).fees.feesTotal;
    const html = await htmlToPngAndText(new TextDecoder().decode(await renderReport(model, "html")), "model-1");
    const pdf = await pdfToPngsAndText(await renderReport(model, "pdf"), "model-1");
    for (const [where, text] of [["html", html.text], ["pdf", pdf.text]] as const) {
      for (const figure of [general.name, model.asOf.blockHash, model.digest.value, fees, `Training contributions: ${general.trainingData.contributions}`]) {
        const needle = where === "html" ? figure.replace(/^Training contributions: /, "") : figure;
        assert.ok(text.includes(needle), `${where} shows ${needle}`);
      }
    }
    assert.ok((await readFile(html.png)).length > 1000);
    assert.ok((await readFile(`${pdf.pages}-1.png`).catch(() => readFile(`${pdf.pages}-01.png`))).length > 1000);
  });

  test("the default block is the indexer's head, and a block the indexer has not reached is refused", async () => {
    const indexed = await readIndexedHead(w.db);
    const chainHead = await w.client.getBlockNumber({ cacheTime: 0 });
    assert.ok(indexed >= w.sim.result.lastBlock && indexed <= chainHead, `Ponder's checkpoint ${indexed} is the indexed head`);
    assert.equal((await gatherReport(w.sources, "inference", "1")).asOf.block, indexed.toString(), "reports default to it");
    // An indexer three blocks behind the chain: the default follows it, and blocks past it are refused.
    const lagging = { ...w.sources, indexedHead: async () => chainHead - 3n };
    assert.equal((await gatherReport(lagging, "model", "1")).asOf.block, (chainHead - 3n).toString());
    await assert.rejects(gatherReport(lagging, "model", "1", chainHead - 1n), (e: unknown) => isHubError(e) && e.code === "REPORT_BLOCK_NOT_INDEXED");
    const app = new Hono().route("/reports", reportRoutes({ sources: async () => lagging }));
    const answer = async (path: string) => {
      const response = await app.request(path);
      return [response.status, ((await response.json()) as { error: { code: string } }).error.code] as const;
    };
    assert.deepEqual(await answer(`/reports/model/1?asOf=${chainHead}`), [409, "REPORT_BLOCK_NOT_INDEXED"]);
    assert.deepEqual(await answer(`/reports/model/1?asOf=${chainHead + 1n}`), [400, "REPORT_BLOCK_IN_FUTURE"]);
    const elsewhere = new pg.Pool({ connectionString: w.indexer.databaseUrl, options: "-c search_path=no_such_schema", max: 1 });
    try {
      await assert.rejects(readIndexedHead(drizzle(elsewhere) as unknown as ReportDb), (e: unknown) => isHubError(e) && e.code === "REPORT_INDEXER_HEAD_UNKNOWN");
    } finally {
      await elsewhere.end();
    }
  });

  test("bad input answers a clear code and the server keeps serving", async () => {
    const app = new Hono().route("/reports", reportRoutes({ sources: async () => w.sources }));
    const code = async (path: string) => ((await (await app.request(path)).json()) as { error: { code: string } }).error.code;
    assert.equal(await code("/reports/model/999"), "REPORT_SUBJECT_NOT_FOUND");
    assert.equal(await code(`/reports/model/1?asOf=${BigInt(reports.get("model")!.asOf.block) + 1000n}`), "REPORT_BLOCK_IN_FUTURE");
    assert.equal(await code("/reports/model/1?format=docx"), "REPORT_UNKNOWN_FORMAT");
    assert.equal(await code("/reports/vessel/1"), "REPORT_UNKNOWN_KIND");
    assert.equal(await code("/reports/account/not-an-address"), "REPORT_BAD_REQUEST");
    const down = new Hono().route("/reports", reportRoutes({ sources: async () => ({ ...w.sources, client: reportClient("http://127.0.0.1:9"), rpcUrl: "http://127.0.0.1:9" }) }));
    const refused = await down.request("/reports/model/1");
    assert.equal(refused.status, 503);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "REPORT_RPC_UNAVAILABLE");
    const ok = await app.request(`/reports/model/1?asOf=${reports.get("model")!.asOf.block}&format=json`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("x-report-digest"), `sha-256:${reports.get("model")!.digest.value}`);
    assert.equal(((await ok.json()) as Report).digest.value, reports.get("model")!.digest.value);
    assert.equal((await app.request("/reports/model/1", { headers: {} })).status, 200);
    const keyed = new Hono().route("/reports", reportRoutes({ sources: async () => w.sources, apiKey: "k" }));
    assert.equal((await keyed.request("/reports/model/1")).status, 401);
    assert.throws(() => readReportFile(new TextEncoder().encode('{"hello":1}')), (e: unknown) => isHubError(e) && e.code === "REPORT_NOT_A_REPORT");
    assert.throws(() => readReportFile(new TextEncoder().encode("%PDF-1.3 nothing here")), (e: unknown) => isHubError(e) && e.code === "REPORT_NOT_A_REPORT");
    await assert.rejects(
      verifyReport(reports.get("inference")!, { client: reportClient("http://127.0.0.1:9"), rpcUrl: "http://127.0.0.1:9" }),
      (e: unknown) => isHubError(e) && e.code === "REPORT_RPC_UNAVAILABLE",
    );
    // The node answers the anchor but the receipts' endpoint is down: still unavailable, never "no such transaction".
    await assert.rejects(
      verifyReport(reports.get("inference")!, { client: w.client, rpcUrl: "http://127.0.0.1:9" }),
      (e: unknown) => isHubError(e) && e.code === "REPORT_RPC_UNAVAILABLE",
    );
  });
});
