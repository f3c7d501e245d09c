/** Datanet: a registry of contributions with its licence, curators, versions and counters. */
import { EvidenceRef } from "./evidence.js";
import { asOfValue, wrapAll } from "./at.js";
import { AccountRef, ContributionRef, DatanetRef, DatanetVersionRef } from "./refs.js";
import type { DatanetCounts } from "../loaders/datanets.js";

const counter = (name: keyof DatanetCounts, description: string) =>
  ({ name, description }) as const;

const COUNTERS = [
  counter("contributionCount", "Contributions submitted (count of ContributionSubmitted)."),
  counter("pendingCount", "Contributions whose latest status change is `pending`."),
  counter("acceptedCount", "Contributions whose latest status change is `accepted` (a later withdrawal moves them to withdrawn)."),
  counter("rejectedCount", "Contributions whose latest status change is `rejected`."),
  counter("withdrawnCount", "Contributions whose consent was withdrawn."),
  counter("versionCount", "Highest version published (DatanetVersionPublished)."),
];

DatanetRef.implement({
  description: "A community data repository: contributions under one licence, reviewed by curators and published as Merkle-rooted versions.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (d) => d.row.id }),
    owner: t.field({ type: AccountRef, resolve: (d) => ({ row: { address: d.row.owner }, at: d.at }) }),
    name: t.string({ resolve: (d) => d.row.name }),
    category: t.string({ resolve: (d) => d.row.category }),
    licence: t.string({ resolve: (d) => d.row.licence }),
    metadataUri: t.string({ resolve: (d) => d.row.metadataUri }),
    ...Object.fromEntries(
      COUNTERS.map((c) => [
        c.name,
        t.int({
          description: `${c.description} Derived from the history up to the answered block.`,
          resolve: (d) => asOfValue(d, (r) => r[c.name], async () => (await d.at.loaders.datanets.datanetCounts.load(d.row.id))[c.name]),
        }),
      ]),
    ),
    curators: t.field({
      type: [AccountRef],
      description: "Curators active at the answered block (CuratorAdded minus CuratorRemoved).",
      resolve: async (d) => {
        const active = new Map<string, boolean>();
        for (const c of await d.at.loaders.datanets.curatorChangesByDatanet.load(d.row.id)) active.set(c.curator, c.added);
        return [...active].filter(([, on]) => on).map(([address]) => ({ row: { address: address as `0x${string}` }, at: d.at }));
      },
    }),
    contributions: t.field({
      type: [ContributionRef],
      description: "Every contribution submitted to this datanet by the answered block, in chain order.",
      resolve: async (d) => wrapAll(d.at, await d.at.loaders.datanets.contributionsByDatanet.load(d.row.id)),
    }),
    versions: t.field({
      type: [DatanetVersionRef],
      resolve: async (d) => wrapAll(d.at, await d.at.loaders.datanets.versionsByDatanet.load(d.row.id)),
    }),
    evidence: t.field({ type: EvidenceRef, description: "DatanetCreated.", resolve: (d) => d.row }),
  }),
});
