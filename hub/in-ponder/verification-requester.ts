/**
 * The requestVerification mutation's requester: claims matching the target, read from the
 * indexer's tables, recorded and queued through the one enqueue path (replay/enqueue.ts), so a
 * job already known (the follower queued it, or an earlier request) keeps its key and is not
 * queued twice. Explicit requests are not sampled: every matching claim gets a job.
 */
import type { VerificationRequester } from "../../api/graphql/services/verification-requester.js";
import type { ClaimSource } from "../../replay/claims/types.js";
import { enqueue } from "../../replay/enqueue.js";
import type { ReplayQueue } from "../../replay/queue/types.js";
import type { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";

export type RequesterParts = { source: ClaimSource; store: PostgresVerdictStore; queue: ReplayQueue };

export function queueVerificationRequester(parts: () => Promise<RequesterParts>): VerificationRequester {
  return {
    async request(target, requestedBy) {
      const { source, store, queue } = await parts();
      const claims = source.claims({ inferenceIds: target.inferenceIds, modelId: target.modelId, fromBlock: target.fromBlock, toBlock: target.toBlock });
      const result = await enqueue({ claims, store, queue, requestedBy, sampleRate: 1 });
      return { jobKeys: result.jobKeys, added: result.added };
    },
  };
}
