/** Object refs declared once so that type files can point at each other without import cycles. */
import type { anomaly } from "../../../schema/anomalies.js";
import type { attributionShare, challenge, feeDistribution, inference, reward } from "../../../schema/attribution.js";
import type { contribution, datanet, datanetVersion } from "../../../schema/datanets.js";
import type { proposal, protocolParameter, vote } from "../../../schema/governance.js";
import type { adapter, model, trainingRun } from "../../../schema/models.js";
import { builder } from "../builder.js";
import type { At } from "../context.js";
import type { PaidContributor } from "../loaders/models.js";
import type { VerificationRecord } from "../services/verdict-reader.js";

export const DatanetRef = builder.objectRef<At<typeof datanet.$inferSelect>>("Datanet");
export const DatanetVersionRef = builder.objectRef<At<typeof datanetVersion.$inferSelect>>("DatanetVersion");
export const ContributionRef = builder.objectRef<At<typeof contribution.$inferSelect>>("Contribution");
export const AccountRef = builder.objectRef<At<{ address: `0x${string}` }>>("Account");
export const ModelRef = builder.objectRef<At<typeof model.$inferSelect>>("Model");
export const TrainingRunRef = builder.objectRef<At<typeof trainingRun.$inferSelect>>("TrainingRun");
export const AdapterRef = builder.objectRef<At<typeof adapter.$inferSelect>>("Adapter");
export const InferenceRef = builder.objectRef<At<typeof inference.$inferSelect>>("Inference");
export const AttributionShareRef = builder.objectRef<At<typeof attributionShare.$inferSelect>>("AttributionShare");
export const RewardRef = builder.objectRef<At<typeof reward.$inferSelect>>("Reward");
export const FeeDistributionRef = builder.objectRef<At<typeof feeDistribution.$inferSelect>>("FeeDistribution");
export const ChallengeRef = builder.objectRef<At<typeof challenge.$inferSelect>>("Challenge");
export const VerificationRef = builder.objectRef<At<VerificationRecord>>("Verification");
export const ProposalRef = builder.objectRef<At<typeof proposal.$inferSelect>>("Proposal");
export const VoteRef = builder.objectRef<At<typeof vote.$inferSelect>>("Vote");
export const ProtocolParameterRef = builder.objectRef<At<typeof protocolParameter.$inferSelect>>("ProtocolParameter");
export const AnomalyRef = builder.objectRef<At<typeof anomaly.$inferSelect>>("Anomaly");
export const PaidContributorRef = builder.objectRef<At<PaidContributor & { modelId: bigint }>>("PaidContributor");
