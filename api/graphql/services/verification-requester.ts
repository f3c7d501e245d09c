/** Enqueues replay jobs for the requestVerification mutation (replay/enqueue.ts behind it). */
export type VerificationTarget = { inferenceIds?: readonly bigint[]; modelId?: bigint; fromBlock?: bigint; toBlock?: bigint };

export type VerificationRequester = {
  /** Enqueues a job per matching claim (idempotent by job key); returns the keys. */
  request(target: VerificationTarget, requestedBy: string): Promise<{ jobKeys: string[]; added: number }>;
};
