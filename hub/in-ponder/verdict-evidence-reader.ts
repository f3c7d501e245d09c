/**
 * The provenance API's VerdictReader over the hub's verdict store (its database: the embedded
 * PGlite, or the Postgres server of DATABASE_URL): Inference.verifications,
 * Model.verificationSummary, _meta.replayBacklog and the `verdicts` subscription read here.
 */
import type { VerdictReader as ProvenanceVerdictReader } from "../../api/graphql/services/verdict-reader.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { countUnfinishedJobs, lastVerdictSeq, readVerdictsAfter, readVerdictsForInferences } from "../../replay/verdicts/verdict-evidence.js";

export function verdictEvidenceReader(db: Queryable): ProvenanceVerdictReader {
  return {
    verdictsForInferences: (inferenceIds) => readVerdictsForInferences(db, inferenceIds),
    backlog: () => countUnfinishedJobs(db),
    lastSeq: () => lastVerdictSeq(db),
    verdictsAfter: (afterSeq, filter, limit) => readVerdictsAfter(db, afterSeq, filter, limit),
  };
}
