-- Materialized rollups. They are rebuilt by the sink from the facts' newest versions
-- (analytics/sink/rollups.ts) for every time bucket a sync step touched, and written as a new
-- version (groups that vanished get a deleted row), so they stay exact through deletes and
-- updates, and a rebuild repeated after a crash gives the same rows.
CREATE TABLE IF NOT EXISTS rollup_model_hour (hour DateTime('UTC'), chain_id UInt32, model_id UInt64, inferences UInt64, fees Decimal(38, 0), version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (hour, chain_id, model_id);
CREATE TABLE IF NOT EXISTS rollup_contributor_day (day Date, chain_id UInt32, contributor String, datanet_id UInt64, model_id UInt64, rewards Decimal(38, 0), reward_count UInt64, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (day, chain_id, contributor, datanet_id, model_id);
CREATE TABLE IF NOT EXISTS rollup_datanet_day (day Date, chain_id UInt32, datanet_id UInt64, inferences UInt64, shares UInt64, weight_ppm UInt64, rewards Decimal(38, 0), contributions UInt64, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (day, chain_id, datanet_id);
