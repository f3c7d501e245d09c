/**
 * The audit questions through the provenance API (/graphql): one request each, asking for the
 * same facts as the Ponder-side questions (bench/_api-ponder-questions.ts). The analytics
 * questions go through the schema's `analytics` field when it has one, else through the JSON
 * aliases under /analytics.
 */
import { graphqlStep, type BenchIds, type Kind, type Question, type Step } from "./_api-load.js";

async function queryFields(url: string): Promise<Set<string>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __schema { queryType { fields { name } } } }" }) });
  const body = (await res.json().catch(() => ({}))) as { data?: { __schema: { queryType: { fields: { name: string }[] } } } };
  return new Set(body.data?.__schema.queryType.fields.map((f) => f.name) ?? []);
}

export async function servesProvenanceSchema(url: string): Promise<boolean> {
  return (await queryFields(url)).has("lineage");
}

const EVIDENCE = "evidence { chainId blockNumber blockHash timestamp transactionHash logIndex }";

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

const lineage = graphqlStep(
  `query Lineage($id: BigInt!) { model(id: $id) { id name owner { address } status runCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData
    trainingRuns { id weightsHash trainedOnWithdrawnData evidence { blockNumber }
      datanetVersions { version merkleRoot memberCount datanet { id licence }
        contributions { id contributor { address } status withdrawnBlock licence } } }
    adapters { id trainingRun { id } }
    withdrawnAfterTraining { runId runBlock withdrawnBlock contribution { id } } } }`,
  (s) => ({ id: s.id }),
  (data) => data.model !== null,
);

/** A GET of a JSON alias: correct when it answers an array. */
function jsonRoute(path: string): Step {
  return { method: "GET", path: () => path, body: () => "", read: (answer) => Array.isArray(answer) };
}

export async function provenanceQuestions(url: string, ids: BenchIds): Promise<{ kind: Kind; question: Question }[]> {
  const fields = await queryFields(url);
  const { from, to } = ids.range;
  const analytics: { kind: Kind; question: Question }[] = fields.has("analytics")
    ? [
        { kind: "analytics", question: { name: "top contributors", ids: ["all"], steps: [graphqlStep(`{ analytics { topContributors(limit: 10) { contributor total rewardCount } } }`, () => ({}))] } },
        { kind: "analytics", question: { name: "inference volume per model, hourly", ids: ["all"], steps: [graphqlStep(`query($from: Int!, $to: Int!) { analytics { inferenceVolume(from: $from, to: $to, bucketSeconds: 3600) { bucket modelId inferences fees } } }`, () => ({ from, to }))] } },
      ]
    : [
        { kind: "analytics", question: { name: "top contributors", ids: ["all"], steps: [jsonRoute("/analytics/top-contributors?limit=10")] } },
        { kind: "analytics", question: { name: "inference volume per model, hourly", ids: ["all"], steps: [jsonRoute(`/analytics/inference-volume?bucket=3600&from=${from}&to=${to}`)] } },
      ];
  return [
    { kind: "point", question: { name: "inference by id", steps: [inference], ids: ids.inferences } },
    { kind: "point", question: { name: "account", steps: [account], ids: ids.accounts } },
    { kind: "point", question: { name: "datanet", steps: [datanet], ids: ids.datanets } },
    { kind: "lineage", question: { name: "full model lineage", steps: [lineage], ids: ids.models } },
    ...analytics,
  ];
}
