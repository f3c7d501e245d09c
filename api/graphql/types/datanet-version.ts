/** DatanetVersion: a published snapshot of a datanet's accepted contributions, with its Merkle root. */
import { membersOfVersion } from "../loaders/datanets.js";
import { present, wrap, wrapAll } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { ContributionRef, DatanetRef, DatanetVersionRef, TrainingRunRef } from "./refs.js";

DatanetVersionRef.implement({
  description: "A version of a datanet: the contributions accepted and not withdrawn when it was published, committed to by a Merkle root.",
  fields: (t) => ({
    id: t.string({ description: "`${datanetId}-${version}`", resolve: (v) => v.row.id }),
    version: t.int({ resolve: (v) => v.row.version }),
    merkleRoot: t.field({ type: "Hex", resolve: (v) => v.row.merkleRoot }),
    contributionCount: t.int({ description: "As announced by DatanetVersionPublished.", resolve: (v) => v.row.contributionCount }),
    memberCount: t.int({ description: "Members rebuilt from events (equals contributionCount on an honest chain).", resolve: (v) => v.row.memberCount }),
    manifestUri: t.string({ resolve: (v) => v.row.manifestUri }),
    datanet: t.field({ type: DatanetRef, resolve: async (v) => wrap(v.at, (await v.at.loaders.datanets.datanet.load(v.row.datanetId))!) }),
    contributions: t.field({
      type: [ContributionRef],
      description: "The version's members, ascending by id.",
      resolve: async (v) => {
        const ids = membersOfVersion(await v.at.loaders.datanets.membersByDatanet.load(v.row.datanetId), v.row.version);
        return wrapAll(v.at, present(await v.at.loaders.datanets.contribution.loadMany(ids)));
      },
    }),
    trainingRuns: t.field({
      type: [TrainingRunRef],
      description: "Training runs recorded on this version by the answered block.",
      resolve: async (v) => {
        const datasets = (await v.at.loaders.models.datasetsByDatanet.load(v.row.datanetId)).filter((d) => d.version === v.row.version);
        return wrapAll(v.at, present(await v.at.loaders.models.trainingRun.loadMany(datasets.map((d) => d.runId))));
      },
    }),
    evidence: t.field({ type: EvidenceRef, description: "DatanetVersionPublished.", resolve: (v) => v.row }),
  }),
});
