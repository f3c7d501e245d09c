/**
 * Gathers a report as of a block (the indexer's head unless asked): the anchor (block, hash,
 * time) from the chain, the facts of the subject from the indexer's tables (rows with
 * blockNumber <= the block), and the off-chain checks; then the pure assembly. The only module here that does I/O on behalf of a report.
 */
import { getAddress, isAddress, type Address, type PublicClient } from "viem";
import type { ArtifactStore } from "../../../artifacts/store.js";
import type { ProtocolContractName } from "../../../contracts-abi/contract-names.js";
import { withDigest } from "../digest.js";
import { ReportBadRequestError, ReportSubjectNotFoundError } from "../errors.js";
import type { Fact } from "../facts.js";
import { assembleReportBody, type OffChainFacts, type Report, type ReportKind } from "../report.js";
import { readDatanetIdsOfAccount, readRewardFactsOfDatanet } from "./account-facts.js";
import { readChainAnchor } from "./chain-anchor.js";
import { readIndexedHead } from "./indexed-head.js";
import { checkContents } from "./content-checks.js";
import { readDatanetFacts } from "./datanet-facts.js";
import { readInferenceFacts, readRewardFactsTo } from "./inference-facts.js";
import { readModelFacts, readModelIdsOwnedBy, readModelIdsTrainedOn } from "./model-facts.js";
import { readAttributionParameterFacts } from "./parameter-facts.js";
import type { ReportDb } from "./report-db.js";

export type ReportSources = {
  db: ReportDb;
  client: PublicClient;
  rpcUrl: string;
  chainId: number;
  contracts: Record<ProtocolContractName, Address>;
  /** Re-hash contributions' content here when given. */
  artifacts?: ArtifactStore;
  /** Replay verdicts for these inferences, when a verdict store is at hand. */
  verdictsFor?: (inferenceIds: readonly string[]) => Promise<Record<string, string>[]>;
  /** The highest block the indexer has committed (default: Ponder's checkpoint in `db`). */
  indexedHead?: () => Promise<bigint>;
  onProgress?: (stage: string) => void;
};

/** The subject id in the form each kind uses: a decimal id, or an address for accounts. */
export function parseSubject(kind: ReportKind, id: string): string {
  if (kind === "account") {
    if (!isAddress(id)) throw new ReportBadRequestError(`"${id}" is not an account address`, "a 0x-prefixed 20-byte address");
    return id.toLowerCase();
  }
  if (!/^\d{1,30}$/.test(id)) throw new ReportBadRequestError(`"${id}" is not a ${kind} id`, "a decimal id, e.g. 7");
  return BigInt(id).toString();
}

async function factsOf(sources: ReportSources, kind: ReportKind, subject: string, asOf: bigint): Promise<Fact[]> {
  const { db } = sources;
  const notFound = () => new ReportSubjectNotFoundError(kind, subject, asOf);
  switch (kind) {
    case "model": {
      const m = await readModelFacts(db, [BigInt(subject)], asOf);
      if (!m.found) throw notFound();
      const [datanets, inferences, parameters] = await Promise.all([
        readDatanetFacts(db, m.datanetIds, asOf),
        readInferenceFacts(db, { modelId: BigInt(subject) }, asOf),
        readAttributionParameterFacts(db, sources.contracts.AttributionEngine, asOf),
      ]);
      return [...m.facts, ...datanets, ...inferences.facts, ...parameters];
    }
    case "datanet": {
      const datanets = await readDatanetFacts(db, [BigInt(subject)], asOf);
      if (!datanets.some((f) => f.event === "DatanetCreated")) throw notFound();
      const models = await readModelFacts(db, await readModelIdsTrainedOn(db, BigInt(subject), asOf), asOf);
      return [...datanets, ...models.facts, ...(await readRewardFactsOfDatanet(db, BigInt(subject), asOf))];
    }
    case "account": {
      const account = getAddress(subject);
      const [datanetIds, modelIds, inferences, rewards] = await Promise.all([
        readDatanetIdsOfAccount(db, account, asOf),
        readModelIdsOwnedBy(db, account, asOf),
        readInferenceFacts(db, { caller: account }, asOf),
        readRewardFactsTo(db, account, asOf),
      ]);
      const [datanets, models] = await Promise.all([readDatanetFacts(db, datanetIds, asOf), readModelFacts(db, modelIds, asOf)]);
      const facts = [...datanets, ...models.facts, ...inferences.facts, ...rewards];
      if (facts.length === 0) throw notFound();
      return facts;
    }
    case "inference": {
      const inferences = await readInferenceFacts(db, { inferenceId: BigInt(subject) }, asOf);
      if (inferences.count === 0) throw notFound();
      const models = await readModelFacts(db, inferences.modelIds, asOf);
      return [...inferences.facts, ...models.facts, ...(await readDatanetFacts(db, models.datanetIds, asOf))];
    }
  }
}

async function verdictsOf(sources: ReportSources, kind: ReportKind, subject: string, facts: readonly Fact[]): Promise<OffChainFacts["verdicts"]> {
  if (!sources.verdictsFor) return { available: false, note: "no replay verdict store was consulted", items: [] };
  const ids = kind === "inference" ? [subject] : facts.filter((f) => f.event === "InferenceRecorded").map((f) => String(f.args.inferenceId));
  return { available: true, note: "verdicts of the replay worker (off chain, re-runnable)", items: await sources.verdictsFor(ids) };
}

export async function gatherReport(sources: ReportSources, kind: ReportKind, id: string, asOf?: bigint): Promise<Report> {
  const subject = parseSubject(kind, id);
  const progress = sources.onProgress ?? (() => undefined);
  progress("anchoring to the chain");
  const anchor = await readChainAnchor(sources.client, sources.rpcUrl, asOf, sources.indexedHead ?? (() => readIndexedHead(sources.db)));
  progress(`reading facts as of block ${anchor.block}`);
  const facts = await factsOf(sources, kind, subject, BigInt(anchor.block));
  progress(`deriving the report from ${facts.length} facts`);
  const contracts = Object.fromEntries(Object.entries(sources.contracts).map(([name, address]) => [name, address.toLowerCase()])) as Record<ProtocolContractName, string>;
  const offChainPending: OffChainFacts = { contentChecks: { available: false, note: "", failed: [], checked: 0 }, verdicts: { available: false, note: "", items: [] } };
  const draft = assembleReportBody({ kind, subject, asOf: anchor, chain: { chainId: String(sources.chainId), contracts }, facts, offChain: offChainPending });
  progress("checking content against the artifact store");
  const offChain: OffChainFacts = {
    contentChecks: await checkContents(sources.artifacts, draft.merkleProofs),
    verdicts: await verdictsOf(sources, kind, subject, draft.facts),
  };
  return withDigest({ ...draft, offChain });
}
