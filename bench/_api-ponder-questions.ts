/**
 * The audit questions as a client of Ponder's generated GraphQL (/ponder/graphql) has to ask
 * them: nested where its relations reach, then follow-up requests (ids gathered, pages walked)
 * where they do not, and what the provenance API computes (a proposal's state, a graph, a
 * total) computed by the client from the rows. Each question reads the same facts the
 * provenance API returns in one request; its `figures` are compared with the provenance
 * API's answer before timing (bench/api.ts).
 */
import { governorState, quorumAt } from "../api/graphql/governor-state.js";
import { graphqlStep, type BenchIds, type Kind, type Question, type QuestionState, type Step } from "./_api-load.js";
import { figuresOf, sum, type Row } from "./_api-figures.js";

type Page<T> = { totalCount?: number; items: T[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };

const ZERO = "0x0000000000000000000000000000000000000000";

/** A page that holds fewer rows than it counts: the client would need another request. */
function complete(page: Page<unknown> | undefined | null): boolean {
  return !page || page.totalCount === undefined || page.totalCount <= page.items.length;
}

/** The `data` of the answer of step `n`. */
const dataAt = (answers: unknown[], n: number) => (answers[n] as { data: Record<string, Row> }).data;

const inference: Step[] = [
  graphqlStep(
    `query Inference($id: BigInt!) { inference(id: $id) { id modelId adapterId runId caller inputHash outputHash fee protocolAmount modelOwnerAmount contributorsAmount modelOwner challengeCount blockNumber blockTimestamp transactionHash logIndex
      model { id name owner } adapter { id }
      shares(limit: 100) { totalCount items { contributionId weightPpm contribution { id contributor datanetId status } } }
      rewards(limit: 100) { totalCount items { contributionId contributor amount } }
      challenges(limit: 20) { totalCount items { id challenger resolved } } } }`,
    (s) => ({ id: s.id }),
    (data) => {
      const i = data.inference as Record<string, Page<unknown>> | null;
      return i !== null && complete(i.shares) && complete(i.rewards) && complete(i.challenges);
    },
  ),
];

/**
 * Contributions, rewards, votes, inferences called (one request); the datanet versions holding
 * its contributions and their training runs (two more: the models); every attribution share
 * naming one of its contributions, a page of 1,000 at a time (the inferences attributed).
 */
function account(sharePages: number): Step[] {
  return [
    graphqlStep(
      `query Account($a: String!) { account(id: $a) { id balance delegate votes }
        contributions(where: { contributor: $a }, limit: 1000) { totalCount items { id datanetId status rewardsEarned rewardCount inferencesAttributed withdrawnBlock } }
        votes(where: { voter: $a }, limit: 1000) { totalCount items { proposalId support weight } }
        inferences(where: { caller: $a }, limit: 1) { totalCount } }`,
      (s) => ({ a: s.id }),
      (data, s) => {
        const contributions = data.contributions as Page<{ id: string }>;
        s.carry.contributionIds = contributions.items.map((c) => c.id);
        return complete(contributions) && complete(data.votes as Page<unknown>);
      },
    ),
    graphqlStep(
      `query AccountVersions($ids: [BigInt]) { datanetVersionMembers(where: { contributionId_in: $ids }, limit: 1000) { totalCount items { datanetId version datanetVersion { trainingRunIds } } } }`,
      (s) => ({ ids: s.carry.contributionIds }),
      (data, s) => {
        const members = data.datanetVersionMembers as Page<{ datanetVersion: { trainingRunIds: string[] } | null }>;
        s.carry.runIds = [...new Set(members.items.flatMap((m) => m.datanetVersion?.trainingRunIds ?? []))];
        return complete(members);
      },
    ),
    graphqlStep(`query AccountModels($ids: [BigInt]) { trainingRuns(where: { id_in: $ids }, limit: 1000) { totalCount items { id modelId model { name } } } }`, (s) => ({ ids: s.carry.runIds }), (data) => complete(data.trainingRuns as Page<unknown>)),
    ...pages("attributionShares", "inferenceId", "{ contributionId_in: $ids }", "$ids: [BigInt]", (s) => ({ ids: s.carry.contributionIds }), sharePages, (rows, s) => {
      const seen = (s.carry.attributed as Set<string> | undefined) ?? new Set<string>();
      for (const r of rows) seen.add(r.inferenceId!);
      s.carry.attributed = seen;
    }),
  ];
}

function accountFigures(answers: unknown[], state: QuestionState): Record<string, string> {
  const first = dataAt(answers, 0);
  const contributions = first.contributions as unknown as Page<{ rewardsEarned: string }>;
  return figuresOf.account({
    contributions: contributions.items.length,
    rewardsEarned: sum(contributions.items.map((c) => c.rewardsEarned)),
    votes: (first.votes as unknown as Page<unknown>).items.length,
    models: [...new Set((dataAt(answers, 2).trainingRuns as unknown as Page<{ modelId: string }>).items.map((r) => String(r.modelId)))],
    inferencesAttributed: ((state.carry.attributed as Set<string> | undefined) ?? new Set()).size,
    inferencesCalled: (first.inferences as unknown as Page<unknown>).totalCount ?? 0,
  });
}

const datanet: Step[] = [
  graphqlStep(
    `query Datanet($id: BigInt!) { datanet(id: $id) { id owner name category licence metadataUri versionCount contributionCount pendingCount acceptedCount rejectedCount withdrawnCount blockNumber transactionHash
      versions(limit: 100) { totalCount items { version merkleRoot memberCount contributionCount trainingRunIds blockNumber } }
      contributions(limit: 1000) { totalCount items { id contributor status size withdrawnBlock } }
      curators(limit: 100) { totalCount items { curator active } } } }`,
    (s) => ({ id: s.id }),
    (data) => {
      const d = data.datanet as Record<string, Page<unknown>> | null;
      return d !== null && complete(d.versions) && complete(d.contributions) && complete(d.curators);
    },
  ),
];

/**
 * The proposal, its votes and state changes, and the head block (one request); then OPEN's
 * mints and burns up to the snapshot and the quorum numerator then (one more), from which the
 * client computes the quorum and Governor.state() as the provenance API does.
 */
const proposal: Step[] = [
  graphqlStep(
    `query Proposal($id: BigInt!) { proposal(id: $id) { id proposer description targets values calldatas voteStart voteEnd state etaSeconds forVotes againstVotes abstainVotes voteCount blockNumber blockTimestamp transactionHash logIndex
      votes(limit: 1000) { totalCount items { voter support weight } }
      stateChanges(limit: 50) { totalCount items { state etaSeconds blockNumber } } }
      _meta { status } }`,
    (s) => ({ id: s.id }),
    (data, s) => {
      const p = data.proposal as (Row & { votes: Page<unknown>; stateChanges: Page<unknown> }) | null;
      if (!p) return false;
      s.carry.snapshot = p.voteStart;
      return complete(p.votes) && complete(p.stateChanges);
    },
  ),
  graphqlStep(
    `query Quorum($snap: BigInt!) {
      mints: tokenTransfers(where: { from: "${ZERO}", blockNumber_lte: $snap }, limit: 1000) { totalCount items { value } }
      burns: tokenTransfers(where: { to: "${ZERO}", blockNumber_lte: $snap }, limit: 1000) { totalCount items { value } }
      numerator: parameterChanges(where: { key: "quorumNumerator", blockNumber_lte: $snap }, orderBy: "blockNumber", orderDirection: "desc", limit: 1) { items { newValue } } }`,
    (s) => ({ snap: s.carry.snapshot }),
    (data) => complete(data.mints as Page<unknown>) && complete(data.burns as Page<unknown>),
  ),
];

function proposalFigures(answers: unknown[]): Record<string, string> {
  const first = dataAt(answers, 0);
  const p = first.proposal as Row & { votes: Page<unknown>; stateChanges: Page<{ state: string }> };
  const head = Object.values((first._meta as { status: Record<string, { block: { number: number } }> }).status)[0]!.block.number;
  const second = dataAt(answers, 1);
  const values = (page: unknown) => (page as Page<{ value: string }>).items.map((t) => t.value);
  const supplyAtSnapshot = BigInt(sum(values(second.mints))) - BigInt(sum(values(second.burns)));
  const quorumNumerator = BigInt((second.numerator as unknown as Page<{ newValue: string }>).items[0]?.newValue ?? "0");
  const tallies = { forVotes: BigInt(String(p.forVotes)), againstVotes: BigInt(String(p.againstVotes)), abstainVotes: BigInt(String(p.abstainVotes)) };
  const state = governorState({ block: BigInt(head), voteStart: BigInt(String(p.voteStart)), voteEnd: BigInt(String(p.voteEnd)), announced: p.stateChanges.items.map((c) => c.state), ...tallies, supplyAtSnapshot, quorumNumerator });
  return figuresOf.proposal({ state, quorum: quorumAt({ supplyAtSnapshot, quorumNumerator }), ...tallies, voteCount: p.voteCount, votes: p.votes.items.length, stateChanges: p.stateChanges.items.length });
}

/**
 * The whole lineage in one nested request: runs → datasets → datanet versions → members →
 * contributions → contributors and licences. Page sizes fit the guard's 100,000-row fan-out;
 * bench/api.ts checks beforehand that every model's lineage fits them (no second page).
 */
export const PONDER_LINEAGE_QUERY = `query Lineage($id: BigInt!) { model(id: $id) { id name owner status runCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData
  runs(limit: 10) { totalCount items { id weightsHash blockNumber trainedOnWithdrawnData
    datasets(limit: 9) { totalCount items { datanetId version datanetVersion { merkleRoot memberCount
      datanet { name licence }
      members(limit: 1000) { totalCount items { contribution { id contributor status withdrawnBlock contentHash datanet { licence } } } } } } } } }
  adapters(limit: 50) { totalCount items { id name runId } } } }`;

type LineageModel = {
  id: string;
  runs: Page<{ id: string; datasets: Page<{ datanetId: string; version: number; datanetVersion: { members: Page<{ contribution: { id: string; contributor: string; status: string; withdrawnBlock: string | null } | null }> } | null }> }>;
  adapters: Page<{ id: string; runId: string }>;
};

const lineage: Step[] = [
  graphqlStep(
    PONDER_LINEAGE_QUERY,
    (s) => ({ id: s.id }),
    (data) => {
      const m = data.model as LineageModel | null;
      return m !== null && complete(m.runs) && complete(m.adapters) && m.runs.items.every((r) => complete(r.datasets) && r.datasets.items.every((d) => complete(d.datanetVersion?.members)));
    },
  ),
];

const lineageModel = (answers: unknown[]) => dataAt(answers, 0).model as unknown as LineageModel;

function lineageFigures(answers: unknown[]): Record<string, string> {
  const m = lineageModel(answers);
  const contributions = m.runs.items.flatMap((r) => r.datasets.items.flatMap((d) => d.datanetVersion?.members.items.map((x) => x.contribution!) ?? []));
  return figuresOf.lineage({
    runs: m.runs.items.length,
    datasets: m.runs.items.reduce((n, r) => n + r.datasets.items.length, 0),
    contributions: contributions.map((c) => c.id),
    withdrawn: contributions.filter((c) => c.withdrawnBlock !== null).map((c) => c.id),
    adapters: m.adapters.items.length,
  });
}

/** The provenance graph (nodes and edges) a client builds from the nested rows. */
function graphFigures(answers: unknown[]): Record<string, string> {
  const m = lineageModel(answers);
  const nodes = new Set<string>([`model:${m.id}`]);
  const edges: string[] = [];
  const withdrawn: string[] = [];
  for (const r of m.runs.items) {
    nodes.add(`trainingRun:${r.id}`);
    edges.push(`model:${m.id}>trainingRun:${r.id}:trainedIn`);
    for (const d of r.datasets.items) {
      const version = `datanetVersion:${d.datanetId}-${d.version}`;
      nodes.add(version).add(`datanet:${d.datanetId}`);
      edges.push(`trainingRun:${r.id}>${version}:trainedOn`, `${version}>datanet:${d.datanetId}:versionOf`);
      for (const { contribution: c } of d.datanetVersion?.members.items ?? []) {
        if (!c) continue;
        nodes.add(`contribution:${c.id}`).add(`account:${c.contributor}`);
        edges.push(`${version}>contribution:${c.id}:contains`, `contribution:${c.id}>account:${c.contributor}:contributedBy`);
        if (c.status === "withdrawn") withdrawn.push(`contribution:${c.id}`);
      }
    }
  }
  for (const a of m.adapters.items) {
    nodes.add(`adapter:${a.id}`);
    edges.push(`adapter:${a.id}>trainingRun:${a.runId}:adapterOf`);
  }
  return figuresOf.graph({ nodes: [...nodes], edges, withdrawn });
}

/**
 * Up to `maxPages` requests walking a list 1,000 rows at a time; each page is folded into the
 * question's state and the question ends at the last page.
 */
function pages(list: string, fields: string, where: string, variableDefs: string, variables: (s: QuestionState) => Record<string, unknown>, maxPages: number, fold: (rows: Record<string, string>[], s: QuestionState) => void): Step[] {
  const query = `query Page($after: String${variableDefs ? `, ${variableDefs}` : ""}) { ${list}(${where ? `where: ${where}, ` : ""}limit: 1000, after: $after) { pageInfo { hasNextPage endCursor } items { ${fields} } } }`;
  return Array.from({ length: maxPages }, () =>
    graphqlStep(
      query,
      (s) => ({ ...variables(s), after: (s.carry.cursor as string | undefined) ?? null }),
      (data, s) => {
        const page = data[list] as Page<Record<string, string>>;
        fold(page.items, s);
        s.carry.cursor = page.pageInfo?.endCursor;
        if (!page.pageInfo?.hasNextPage) s.done = true;
        return true;
      },
    ),
  );
}

const add = (acc: Map<string, bigint>, key: string, amount: bigint) => acc.set(key, (acc.get(key) ?? 0n) + amount);

export function ponderQuestions(ids: BenchIds): { kind: Kind; question: Question }[] {
  const { from, to } = ids.range;
  return [
    {
      kind: "point",
      question: {
        name: "inference by id",
        steps: inference,
        ids: ids.inferences,
        figures: (answers) => {
          const i = dataAt(answers, 0).inference as unknown as Row & { model: Row; shares: Page<Row>; rewards: Page<Row>; challenges: Page<Row> };
          return figuresOf.inference({ fee: i.fee, model: i.model.id, shares: i.shares.items.length, weightPpm: sum(i.shares.items.map((s) => s.weightPpm)), rewards: i.rewards.items.length, rewardTotal: sum(i.rewards.items.map((r) => r.amount)), challenges: i.challenges.items.length });
        },
      },
    },
    { kind: "point", question: { name: "account", steps: account(ids.sharePages), ids: ids.accounts, figures: accountFigures } },
    {
      kind: "point",
      question: {
        name: "datanet",
        steps: datanet,
        ids: ids.datanets,
        figures: (answers) => {
          const d = dataAt(answers, 0).datanet as unknown as Row & { versions: Page<Row>; contributions: Page<Row>; curators: Page<Row> };
          return figuresOf.datanet({ contributionCount: d.contributionCount, contributions: d.contributions.items.length, versions: d.versions.items.length, members: sum(d.versions.items.map((v) => v.memberCount)), curators: d.curators.items.filter((c) => c.active === true).length });
        },
      },
    },
    { kind: "point", question: { name: "proposal", steps: proposal, ids: ids.proposals, figures: proposalFigures } },
    { kind: "lineage", question: { name: "full model lineage", steps: lineage, ids: ids.models, figures: lineageFigures } },
    { kind: "lineage", question: { name: "lineage graph", steps: lineage, ids: ids.models, figures: graphFigures } },
    {
      kind: "analytics",
      question: {
        name: "top contributors",
        ids: ["all"],
        steps: pages("rewards", "contributor amount", "", "", () => ({}), ids.rewardPages, (rows, s) => {
          const acc = (s.carry.acc as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
          for (const r of rows) add(acc, r.contributor!.toLowerCase(), BigInt(r.amount!));
          s.carry.acc = acc;
        }),
        figures: (_answers, s) => figuresOf.topContributors([...((s.carry.acc as Map<string, bigint> | undefined) ?? new Map<string, bigint>())].map(([contributor, total]) => ({ contributor, total: total.toString() }))),
      },
    },
    {
      kind: "analytics",
      question: {
        name: "inference volume per model, hourly",
        ids: ["all"],
        steps: pages("inferences", "modelId fee blockTimestamp", `{ blockTimestamp_gte: "${from}", blockTimestamp_lt: "${to}" }`, "", () => ({}), ids.inferencePages, (rows, s) => {
          const fees = (s.carry.fees as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
          const counts = (s.carry.counts as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
          for (const r of rows) {
            const key = `${r.modelId}:${Math.floor(Number(r.blockTimestamp) / 3600)}`;
            add(fees, key, BigInt(r.fee!));
            add(counts, key, 1n);
          }
          s.carry.fees = fees;
          s.carry.counts = counts;
        }),
        figures: (_answers, s) => {
          const fees = (s.carry.fees as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
          const counts = (s.carry.counts as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
          return figuresOf.volume([...fees].map(([key, fee]) => ({ key, inferences: Number(counts.get(key) ?? 0n), fees: fee.toString() })));
        },
      },
    },
  ];
}
