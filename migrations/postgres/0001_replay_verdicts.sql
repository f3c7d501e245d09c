-- Replay jobs and verdicts: tables the hub owns beside Ponder's (Ponder never touches them, so
-- its reorg handling cannot rewrite a verdict). Both are keyed by the job key
-- (inference id + claim hash), which makes enqueueing and verdict writes idempotent.

CREATE TABLE IF NOT EXISTS replay_jobs (
  job_key        text PRIMARY KEY,
  chain_id       integer NOT NULL,
  inference_id   numeric(78, 0) NOT NULL,
  claim_hash     text NOT NULL,
  model_id       numeric(78, 0) NOT NULL,
  block_number   bigint NOT NULL,
  -- the serialized claim: enough to re-enqueue the job after Redis lost it
  claim          jsonb NOT NULL,
  requested_by   text NOT NULL,
  enqueued_at    timestamptz NOT NULL DEFAULT now(),
  -- bumped every time the reconciler re-enqueues the job
  requeues       integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS replay_jobs_block ON replay_jobs (block_number);
CREATE INDEX IF NOT EXISTS replay_jobs_model ON replay_jobs (model_id);

CREATE TABLE IF NOT EXISTS replay_verdicts (
  job_key               text PRIMARY KEY,
  chain_id              integer NOT NULL,
  inference_id          numeric(78, 0) NOT NULL,
  claim_hash            text NOT NULL,
  model_id              numeric(78, 0) NOT NULL,
  adapter_id            numeric(78, 0) NOT NULL,
  run_id                numeric(78, 0) NOT NULL,
  method_id             integer NOT NULL,
  block_number          bigint NOT NULL,
  verdict               text NOT NULL CHECK (verdict IN ('verified', 'output_mismatch', 'attribution_mismatch', 'artifact_missing', 'artifact_corrupt')),
  reason_code           text NOT NULL,
  reason                text NOT NULL,
  claimed_output_hash   text NOT NULL,
  observed_output_hash  text,
  output_match          text CHECK (output_match IN ('exact', 'within_tolerance', 'mismatch')),
  output_max_abs_diff   double precision,
  output_tolerance      double precision NOT NULL,
  -- {"contributionIds": ["1", …], "weightsPpm": [600000, …]}
  claimed_weights       jsonb NOT NULL,
  observed_weights      jsonb,
  largest_deviation_ppm integer,
  weight_tolerance_ppm  integer NOT NULL,
  execution_provider    text NOT NULL,
  runtime_ms            double precision NOT NULL,
  batch_size            integer NOT NULL,
  worker_version        text NOT NULL,
  verified_at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS replay_verdicts_inference ON replay_verdicts (inference_id);
CREATE INDEX IF NOT EXISTS replay_verdicts_model_verdict ON replay_verdicts (model_id, verdict);
