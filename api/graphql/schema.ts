/** The provenance schema: the builder with every type and query file loaded. */
import type { GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import "./types/evidence.js";
import "./types/enums.js";
import "./types/datanet.js";
import "./types/datanet-version.js";
import "./types/contribution.js";
import "./types/account.js";
import "./types/model.js";
import "./types/training-run.js";
import "./types/adapter.js";
import "./types/inference.js";
import "./types/attribution-share.js";
import "./types/reward.js";
import "./types/fee-distribution.js";
import "./types/challenge.js";
import "./types/verification.js";
import "./types/proposal.js";
import "./types/vote.js";
import "./types/protocol-parameter.js";
import "./types/anomaly.js";
import "./types/report.js";
import "./queries/lookups.js";
import "./queries/lists.js";
import "./queries/lineage.js";
import "./queries/meta.js";
import "./queries/analytics.js";
import "./mutations/request-verification.js";
import "./subscriptions/fields.js";
import "./queries/report.js";

let schema: GraphQLSchema | undefined;

/** Built once per process (the builder is a module singleton). */
export function buildProvenanceSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}
