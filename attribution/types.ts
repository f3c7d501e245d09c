/** What every attribution method takes and returns; methods are identified on chain by id. */
export type Attribution = { contributionIds: bigint[]; weightsPpm: number[] };

export type TrainingContribution = {
  contributionId: bigint;
  text: string;
};

export const PPM = 1_000_000;

export const ATTRIBUTION_METHOD_IDS = { embeddingSimilarity: 1, spanMatching: 2 } as const;
export type AttributionMethodId = (typeof ATTRIBUTION_METHOD_IDS)[keyof typeof ATTRIBUTION_METHOD_IDS];
