-- Verdict facts for analytics per model (share verified, deviations, runtimes by provider).
-- Plain types only (ClickHouse 18.16 servers lack LowCardinality and DateTime64).
-- ReplacingMergeTree keyed by the job key: a verdict written twice (a worker restarted
-- between its Postgres and ClickHouse writes) collapses to one row; read with FINAL.
CREATE TABLE IF NOT EXISTS replay_verdict_facts (
  job_key               String,
  chain_id              UInt32,
  inference_id          UInt64,
  claim_hash            String,
  model_id              UInt64,
  adapter_id            UInt64,
  run_id                UInt64,
  method_id             UInt16,
  block_number          UInt64,
  verdict               String,
  reason_code           String,
  largest_deviation_ppm Nullable(UInt32),
  weight_tolerance_ppm  UInt32,
  output_match          Nullable(String),
  execution_provider    String,
  runtime_ms            Float64,
  batch_size            UInt32,
  worker_version        String,
  verified_at           DateTime,
  version               UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (model_id, job_key)
