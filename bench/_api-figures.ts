/**
 * The key figures of each audit question's answer, in one shape for both APIs: bench/api.ts
 * asks each question of the provenance API and of Ponder's generated API for a few ids and
 * stops if the figures differ, so the timed comparison is of equal answers.
 */
export type Row = Record<string, unknown>;

export const sum = (values: unknown[]): string => values.reduce<bigint>((acc, v) => acc + BigInt(String(v ?? 0)), 0n).toString();

const str = (v: unknown) => (v === null || v === undefined ? "null" : String(v));
/** A set of ids as one comparable string: its size and its sorted members. */
const set = (ids: string[]) => {
  const sorted = [...new Set(ids)].sort();
  return `${sorted.length}:${sorted.join(",")}`;
};

export const figuresOf = {
  inference: (f: { fee: unknown; model: unknown; shares: number; weightPpm: string; rewards: number; rewardTotal: string; challenges: number }) => ({
    fee: str(f.fee),
    model: str(f.model),
    shares: String(f.shares),
    weightPpm: f.weightPpm,
    rewards: String(f.rewards),
    rewardTotal: f.rewardTotal,
    challenges: String(f.challenges),
  }),
  account: (f: { contributions: number; rewardsEarned: unknown; votes: number; models: string[]; inferencesAttributed: number; inferencesCalled: number }) => ({
    contributions: String(f.contributions),
    rewardsEarned: str(f.rewardsEarned),
    votes: String(f.votes),
    models: set(f.models),
    inferencesAttributed: String(f.inferencesAttributed),
    inferencesCalled: String(f.inferencesCalled),
  }),
  datanet: (f: { contributionCount: unknown; contributions: number; versions: number; members: string; curators: number }) => ({
    contributionCount: str(f.contributionCount),
    contributions: String(f.contributions),
    versions: String(f.versions),
    members: f.members,
    curators: String(f.curators),
  }),
  proposal: (f: { state: string; quorum: unknown; forVotes: unknown; againstVotes: unknown; abstainVotes: unknown; voteCount: unknown; votes: number; stateChanges: number }) => ({
    state: f.state,
    quorum: str(f.quorum),
    forVotes: str(f.forVotes),
    againstVotes: str(f.againstVotes),
    abstainVotes: str(f.abstainVotes),
    voteCount: str(f.voteCount),
    votes: String(f.votes),
    stateChanges: String(f.stateChanges),
  }),
  lineage: (f: { runs: number; datasets: number; contributions: string[]; withdrawn: string[]; adapters: number }) => ({
    runs: String(f.runs),
    datasets: String(f.datasets),
    contributions: set(f.contributions),
    withdrawn: set(f.withdrawn),
    adapters: String(f.adapters),
  }),
  graph: (f: { nodes: string[]; edges: string[]; withdrawn: string[] }) => ({ nodes: set(f.nodes), edges: set(f.edges), withdrawn: set(f.withdrawn) }),
  /** The ten largest totals, largest first (ties by address). */
  topContributors: (rows: { contributor: string; total: string }[]) => {
    const top = [...rows].sort((a, b) => (BigInt(b.total) > BigInt(a.total) ? 1 : BigInt(b.total) < BigInt(a.total) ? -1 : a.contributor < b.contributor ? -1 : 1)).slice(0, 10);
    return { top10: top.map((r) => `${r.contributor}=${r.total}`).join(",") };
  },
  volume: (rows: { key: string; inferences: number; fees: string }[]) => ({
    buckets: set(rows.map((r) => r.key)),
    inferences: String(rows.reduce((n, r) => n + r.inferences, 0)),
    fees: sum(rows.map((r) => r.fees)),
  }),
};

/** The figures that differ between two answers, as `name: a ≠ b` lines (empty when equal). */
export function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const short = (s: string | undefined) => (s && s.length > 160 ? `${s.slice(0, 160)}…` : String(s));
  return names.filter((n) => a[n] !== b[n]).map((n) => `${n}: ${short(a[n])} ≠ ${short(b[n])}`);
}
