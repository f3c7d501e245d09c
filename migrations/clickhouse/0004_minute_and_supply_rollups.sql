-- Two more rollups, rebuilt by the sink like those of 0002 (analytics/sink/rollups.ts):
-- inferences per model per minute, for buckets finer than an hour (10-minute charts), and OPEN
-- minted / burned per block, so that governance turnout finds the supply at a proposal's first
-- vote without scanning every transfer. A supply row is keyed by its block time as well, like
-- every rollup bucket, so a rebuild of a time span owns exactly the rows of that span.
CREATE TABLE IF NOT EXISTS rollup_model_minute (minute DateTime('UTC'), chain_id UInt32, model_id UInt64, inferences UInt64, fees Decimal(38, 0), version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (minute, chain_id, model_id);
CREATE TABLE IF NOT EXISTS rollup_supply_block (block_timestamp DateTime('UTC'), chain_id UInt32, block_number UInt64, minted Decimal(38, 0), burned Decimal(38, 0), version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (block_timestamp, chain_id, block_number);
-- Backfill from the facts already stored, at version 0: any later rebuild of the same bucket
-- writes a higher version and supersedes it. Run twice (a crash before the ledger row), it
-- writes the same rows at the same version, which the engine collapses to one.
INSERT INTO rollup_model_minute (minute, chain_id, model_id, inferences, fees, version, deleted) SELECT toStartOfMinute(block_timestamp) AS minute, chain_id, model_id, count(), sum(fee), toUInt64(0), toUInt8(0) FROM (SELECT block_timestamp, chain_id, model_id, fee, deleted FROM fact_inference FINAL) WHERE deleted = 0 GROUP BY minute, chain_id, model_id;
INSERT INTO rollup_supply_block (block_timestamp, chain_id, block_number, minted, burned, version, deleted) SELECT block_timestamp, chain_id, block_number, sumIf(value, from_address = '0x0000000000000000000000000000000000000000'), sumIf(value, to_address = '0x0000000000000000000000000000000000000000'), toUInt64(0), toUInt8(0) FROM (SELECT block_timestamp, chain_id, block_number, from_address, to_address, value, deleted FROM fact_token_transfer FINAL) WHERE deleted = 0 AND (from_address = '0x0000000000000000000000000000000000000000' OR to_address = '0x0000000000000000000000000000000000000000') GROUP BY block_timestamp, chain_id, block_number;
