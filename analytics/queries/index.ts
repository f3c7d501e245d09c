/** The analytics queries the API calls; each takes a store, a time range and filters. */
export { inferenceVolume, type InferenceVolumeParameters, type InferenceVolumeRow } from "./inference-volume.js";
export { topContributors, type TopContributorsParameters, type TopContributorRow } from "./top-contributors.js";
export { attributionConcentration, gini, type AttributionConcentrationParameters, type AttributionConcentrationRow } from "./attribution-concentration.js";
export { datanetUsage, type DatanetUsageParameters, type DatanetUsageRow } from "./datanet-usage.js";
export { governanceTurnout, type GovernanceTurnoutParameters, type GovernanceTurnoutRow } from "./governance-turnout.js";
export type { TimeRange } from "./time-range.js";
