-- The sink's persisted checkpoint: the last block whose facts (and rollups) are known to
-- match Postgres, and the version counter it continues from.
CREATE TABLE IF NOT EXISTS sink_checkpoint (sink String, synced_block UInt64, synced_timestamp DateTime('UTC'), head_block UInt64, head_timestamp DateTime('UTC'), next_version UInt64, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY sink;
