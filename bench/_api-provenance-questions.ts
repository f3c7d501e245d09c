/**
 * The audit questions through the provenance API (/graphql): one request each, asking for the
 * same facts as the Ponder-side questions (bench/_api-ponder-questions.ts). Each question also
 * reads its answer's key figures, which bench/api.ts compares with Ponder's before timing. The
 * analytics questions go through the schema's `analytics` field when it has one, else through
 * the JSON aliases under /analytics.
 */
import { askOnce, graphqlStep, type BenchIds, type Kind, type Question, type Step } from "./_api-load.js";
import { figuresOf, sum, type Row } from "./_api-figures.js";

async function queryFields(url: string): Promise<Set<string>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __schema { queryType { fields { name } } } }" }) });
  const body = (await res.json().catch(() => ({}))) as { data?: { __schema: { queryType: { fields: { name: string }[] } } } };
  return new Set(body.data?.__schema.queryType.fields.map((f) => f.name) ?? []);
}

export async function servesProvenanceSchema(url: string): Promise<boolean> {
  return (await queryFields(url)).has("lineage");
}

/** Where the analytics questions are asked: the GraphQL field, or the JSON routes until it exists. */
export type AnalyticsPath = "graphql" | "json";

const EVIDENCE = "evidence { chainId blockNumber blockHash timestamp transactionHash logIndex }";

/** The `data` of the question's one answer. */
const dataOf = (answers: unknown[]) => (answers[0] as { data: Record<string, Row> }).data;
const lower = (s: unknown) => String(s).toLowerCase();

const inference = graphqlStep(
  `query Inference($id: BigInt!) { inference(id: $id) { id fee inputHash outputHash methodId challengeCount ${EVIDENCE}
    model { id name } adapter { id } caller { address } trainingRun { id }
    feeSplit { protocolAmount modelOwnerAmount contributorsAmount modelOwner { address } }
    attributionShares { contributionId weightPpm contribution { id contributor { address } datanet { id } status } }
    rewards { contribution { id } contributor { address } amount }
    challenges { id challenger { address } resolved }
    verifications { verdict reasonCode } } }`,
  (s) => ({ id: s.id }),
  (data) => data.inference !== null,
);

const account = graphqlStep(
  `query Account($a: String!) { account(address: $a) { address balance delegate votingPower rewardsEarned
    contributionsByStatus { status count }
    contributions { id datanet { id } status rewardsEarned rewardCount inferencesAttributed withdrawnBlock }
    modelsTrainedOnTheirData { id name }
    inferencesAttributed { id }
    inferencesCalled { id }
    votes { proposal { id } support weight } } }`,
  (s) => ({ a: s.id }),
  (data) => data.account !== null,
);

const datanet = graphqlStep(
  `query Datanet($id: BigInt!) { datanet(id: $id) { id owner { address } name category licence metadataUri versionCount contributionCount pendingCount acceptedCount rejectedCount withdrawnCount ${EVIDENCE}
    versions { version merkleRoot memberCount contributionCount trainingRuns { id } evidence { blockNumber } }
    contributions { id contributor { address } status size withdrawnBlock }
    curators { address } } }`,
  (s) => ({ id: s.id }),
  (data) => data.datanet !== null,
);

const proposal = graphqlStep(
  `query Proposal($id: BigInt!) { proposal(id: $id) { id proposer { address } description targets values calldatas voteStart voteEnd state quorum etaSeconds
    forVotes againstVotes abstainVotes voteCount ${EVIDENCE}
    votes { voter { address } support weight }
    stateHistory { state etaSeconds evidence { blockNumber } } } }`,
  (s) => ({ id: s.id }),
  (data) => data.proposal !== null,
);

const modelLineage = graphqlStep(
  `query Lineage($id: BigInt!) { model(id: $id) { id name owner { address } status runCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData
    trainingRuns { id weightsHash trainedOnWithdrawnData evidence { blockNumber }
      datanetVersions { version merkleRoot memberCount datanet { id licence }
        contributions { id contributor { address } status withdrawnBlock licence } } }
    adapters { id trainingRun { id } }
    withdrawnAfterTraining { runId runBlock withdrawnBlock contribution { id } } } }`,
  (s) => ({ id: s.id }),
  (data) => data.model !== null,
);

const lineageGraph = graphqlStep(
  `query LineageGraph($id: BigInt!) { lineage(modelId: $id) { blockNumber nodes { id kind label withdrawn } edges { from to kind } } }`,
  (s) => ({ id: s.id }),
  (data) => data.lineage !== null,
);

/** A GET of a JSON alias: correct when it answers an array. */
function jsonRoute(path: string): Step {
  return { method: "GET", path: () => path, body: () => "", read: (answer) => Array.isArray(answer) };
}

/**
 * `analyticsNote`: why the JSON routes were used although the schema has an `analytics` field
 * (its arguments or fields are not the ones this bench asks for).
 */
export async function provenanceQuestions(url: string, ids: BenchIds): Promise<{ analyticsPath: AnalyticsPath; analyticsNote?: string; questions: { kind: Kind; question: Question }[] }> {
  const fields = await queryFields(url);
  const { from, to } = ids.range;
  // Top 10 by total; the volume summed over its buckets (the Ponder side folds every row).
  const top = (rows: Row[]) => figuresOf.topContributors(rows.map((r) => ({ contributor: lower(r.contributor), total: String(r.total ?? r.rewards) })));
  const volume = (rows: Row[]) => figuresOf.volume(rows.map((r) => ({ key: `${r.modelId}:${Math.floor(Number(r.bucket ?? r.bucketStart) / 3600)}`, inferences: Number(r.inferences), fees: String(r.fees) })));
  const graphqlAnalytics: { kind: Kind; question: Question }[] = [
    {
      kind: "analytics",
      question: {
        name: "top contributors",
        ids: ["all"],
        steps: [graphqlStep(`{ analytics { topContributors(limit: 10) { contributor rewards rewardCount } } }`, () => ({}))],
        figures: (answers) => top((dataOf(answers).analytics as { topContributors: Row[] }).topContributors),
      },
    },
    {
      kind: "analytics",
      question: {
        name: "inference volume per model, hourly",
        ids: ["all"],
        steps: [graphqlStep(`query($from: BigInt!, $to: BigInt!) { analytics { inferenceVolume(range: { from: $from, to: $to }, bucketSeconds: 3600) { bucket modelId inferences fees } } }`, () => ({ from: String(from), to: String(to) }))],
        figures: (answers) => volume((dataOf(answers).analytics as { inferenceVolume: Row[] }).inferenceVolume),
      },
    },
  ];
  const jsonAnalytics: { kind: Kind; question: Question }[] = [
    { kind: "analytics", question: { name: "top contributors", ids: ["all"], steps: [jsonRoute("/analytics/top-contributors?limit=10")], figures: (answers) => top(answers[0] as Row[]) } },
    {
      kind: "analytics",
      question: { name: "inference volume per model, hourly", ids: ["all"], steps: [jsonRoute(`/analytics/inference-volume?bucket=3600&from=${from}&to=${to}`)], figures: (answers) => volume(answers[0] as Row[]) },
    },
  ];
  let analyticsPath: AnalyticsPath = fields.has("analytics") ? "graphql" : "json";
  let analyticsNote: string | undefined;
  if (analyticsPath === "graphql") {
    try {
      for (const { question } of graphqlAnalytics) await askOnce(url, question, "all");
    } catch (error) {
      analyticsPath = "json";
      analyticsNote = `the schema's analytics field did not answer this bench's query, so the JSON routes are used: ${(error as Error).message.slice(0, 300)}`;
    }
  }
  const analytics = analyticsPath === "graphql" ? graphqlAnalytics : jsonAnalytics;
  // The root field each question asks; its answer's `data` holds it.
  type Data = Record<"inference" | "account" | "datanet" | "proposal" | "model" | "lineage", Row>;
  const q = (name: string, step: Step, questionIds: readonly string[], figures: (d: Data) => Record<string, string>): Question => ({ name, steps: [step], ids: questionIds, figures: (answers) => figures(dataOf(answers) as Data) });
  return {
    analyticsPath,
    analyticsNote,
    questions: [
      {
        kind: "point",
        question: q("inference by id", inference, ids.inferences, ({ inference: i }) => {
          const shares = i.attributionShares as Row[];
          const rewards = i.rewards as Row[];
          return figuresOf.inference({ fee: i.fee, model: (i.model as Row).id, shares: shares.length, weightPpm: sum(shares.map((s) => s.weightPpm)), rewards: rewards.length, rewardTotal: sum(rewards.map((r) => r.amount)), challenges: (i.challenges as Row[]).length });
        }),
      },
      {
        kind: "point",
        question: q("account", account, ids.accounts, ({ account: a }) =>
          figuresOf.account({
            contributions: (a.contributions as Row[]).length,
            rewardsEarned: a.rewardsEarned,
            votes: (a.votes as Row[]).length,
            models: (a.modelsTrainedOnTheirData as Row[]).map((m) => String(m.id)),
            inferencesAttributed: (a.inferencesAttributed as Row[]).length,
            inferencesCalled: (a.inferencesCalled as Row[]).length,
          }),
        ),
      },
      {
        kind: "point",
        question: q("datanet", datanet, ids.datanets, ({ datanet: d }) =>
          figuresOf.datanet({ contributionCount: d.contributionCount, contributions: (d.contributions as Row[]).length, versions: (d.versions as Row[]).length, members: sum((d.versions as Row[]).map((v) => v.memberCount)), curators: (d.curators as Row[]).length }),
        ),
      },
      {
        kind: "point",
        question: q("proposal", proposal, ids.proposals, ({ proposal: p }) =>
          figuresOf.proposal({ state: lower(p.state), quorum: p.quorum, forVotes: p.forVotes, againstVotes: p.againstVotes, abstainVotes: p.abstainVotes, voteCount: p.voteCount, votes: (p.votes as Row[]).length, stateChanges: (p.stateHistory as Row[]).length }),
        ),
      },
      {
        kind: "lineage",
        question: q("full model lineage", modelLineage, ids.models, ({ model: m }) => {
          const runs = m.trainingRuns as Row[];
          const contributions = runs.flatMap((r) => (r.datanetVersions as Row[]).flatMap((v) => v.contributions as Row[]));
          return figuresOf.lineage({ runs: runs.length, datasets: runs.reduce((n, r) => n + (r.datanetVersions as Row[]).length, 0), contributions: contributions.map((c) => String(c.id)), withdrawn: contributions.filter((c) => c.withdrawnBlock !== null).map((c) => String(c.id)), adapters: (m.adapters as Row[]).length });
        }),
      },
      {
        kind: "lineage",
        question: q("lineage graph", lineageGraph, ids.models, ({ lineage: l }) => {
          const nodes = l.nodes as Row[];
          return figuresOf.graph({ nodes: nodes.map((n) => String(n.id)), edges: (l.edges as Row[]).map((e) => `${e.from}>${e.to}:${e.kind}`), withdrawn: nodes.filter((n) => n.withdrawn === true).map((n) => String(n.id)) });
        }),
      },
      ...analytics,
    ],
  };
}
