/**
 * The audit questions as a client of Ponder's generated GraphQL (/ponder/graphql) has to ask
 * them: nested where its relations reach, then follow-up requests (ids gathered, pages walked)
 * where they do not. Each question reads the same facts the provenance API returns in one request.
 */
import { graphqlStep, type Step } from "./_api-load.js";

type Page<T> = { totalCount?: number; items: T[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };

export const ponderInference: Step[] = [
  graphqlStep(
    `query Inference($id: BigInt!) { inference(id: $id) { id modelId adapterId runId caller inputHash outputHash fee protocolAmount modelOwnerAmount contributorsAmount modelOwner challengeCount blockNumber blockTimestamp transactionHash logIndex
      model { id name owner } adapter { id }
      shares(limit: 100) { items { contributionId weightPpm contribution { id contributor datanetId status } } }
      rewards(limit: 100) { items { contributionId contributor amount } }
      challenges(limit: 20) { items { id challenger resolved } } } }`,
    (s) => ({ id: s.id }),
    (data) => data.inference !== null,
  ),
];

/** Contributions, rewards, models trained on their data, inferences attributed, votes and delegation. */
export const ponderAccount: Step[] = [
  graphqlStep(
    `query Account($a: String!) { account(id: $a) { id balance delegate votes }
      contributions(where: { contributor: $a }, limit: 1000) { totalCount items { id datanetId status rewardsEarned rewardCount inferencesAttributed withdrawnBlock } }
      modelContributors(where: { contributor: $a }, limit: 100) { items { modelId rewardsTotal rewardCount } }
      votes(where: { voter: $a }, limit: 100) { items { proposalId support weight } }
      inferences(where: { caller: $a }, limit: 1) { totalCount } }`,
    (s) => ({ a: s.id }),
    (data, s) => {
      s.carry.contributionIds = (data.contributions as Page<{ id: string }>).items.map((c) => c.id);
      return true;
    },
  ),
  graphqlStep(
    `query AccountUse($ids: [BigInt]) { datanetVersionMembers(where: { contributionId_in: $ids }, limit: 1000) { items { datanetId version datanetVersion { trainingRunIds } } }
      attributionShares(where: { contributionId_in: $ids }, limit: 50) { totalCount items { inferenceId contributionId weightPpm } } }`,
    (s) => ({ ids: s.carry.contributionIds }),
    (data, s) => {
      const runs = new Set<string>();
      for (const m of (data.datanetVersionMembers as Page<{ datanetVersion: { trainingRunIds: string[] } | null }>).items) for (const r of m.datanetVersion?.trainingRunIds ?? []) runs.add(r);
      s.carry.runIds = [...runs];
      return true;
    },
  ),
  graphqlStep(`query AccountModels($ids: [BigInt]) { trainingRuns(where: { id_in: $ids }, limit: 1000) { items { id modelId model { name } } } }`, (s) => ({ ids: s.carry.runIds })),
];

export const ponderDatanet: Step[] = [
  graphqlStep(
    `query Datanet($id: BigInt!) { datanet(id: $id) { id owner name category licence metadataUri versionCount contributionCount pendingCount acceptedCount rejectedCount withdrawnCount blockNumber transactionHash
      versions(limit: 100) { items { version merkleRoot memberCount contributionCount trainingRunIds blockNumber } }
      contributions(limit: 1000) { totalCount items { id contributor status size withdrawnBlock } }
      curators(limit: 100) { items { curator active } } } }`,
    (s) => ({ id: s.id }),
    (data) => data.datanet !== null,
  ),
];

/**
 * The whole lineage in one nested request: runs → datasets → datanet versions → members →
 * contributions → contributors and licences. Page sizes fit the guard's 100,000-row fan-out;
 * bench/api.ts checks beforehand that every model's lineage fits them (no second page).
 */
export const PONDER_LINEAGE_QUERY = `query Lineage($id: BigInt!) { model(id: $id) { id name owner status runCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData
  runs(limit: 10) { totalCount items { id weightsHash blockNumber trainedOnWithdrawnData
    datasets(limit: 9) { totalCount items { datanetId version datanetVersion { merkleRoot memberCount
      members(limit: 1000) { totalCount items { contribution { id contributor status withdrawnBlock datanet { licence } } } } } } } } }
  adapters(limit: 50) { items { id runId } } } }`;

export const ponderLineage: Step[] = [graphqlStep(PONDER_LINEAGE_QUERY, (s) => ({ id: s.id }), (data) => data.model !== null)];

/** Pages through a list of `rows` (1,000 a page) and folds each page: an aggregate a client computes itself. */
export function ponderPagedAggregate(list: string, fields: string, where: string, maxPages: number, fold: (rows: Record<string, string>[], acc: Map<string, bigint>) => void): Step[] {
  const query = `query Page($after: String) { ${list}(${where ? `where: ${where}, ` : ""}limit: 1000, after: $after) { pageInfo { hasNextPage endCursor } items { ${fields} } } }`;
  return Array.from({ length: maxPages }, () =>
    graphqlStep(
      query,
      (s) => ({ after: (s.carry.cursor as string | undefined) ?? null }),
      (data, s) => {
        const page = data[list] as Page<Record<string, string>>;
        const acc = (s.carry.acc as Map<string, bigint> | undefined) ?? new Map<string, bigint>();
        fold(page.items, acc);
        s.carry.acc = acc;
        s.carry.cursor = page.pageInfo?.endCursor;
        if (!page.pageInfo?.hasNextPage) s.done = true;
        return true;
      },
    ),
  );
}

export const add = (acc: Map<string, bigint>, key: string, amount: bigint) => acc.set(key, (acc.get(key) ?? 0n) + amount);
