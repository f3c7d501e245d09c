-- The jobs that have no verdict yet, kept beside replay_jobs so that the reconciler's scan at
-- rest reads an empty table instead of anti-joining every job with every verdict (issue 14: that
-- scan was 473 of the 486 rows/s the hub's database read with nothing happening). A job enters
-- in the statement that records it and leaves in the statement that writes its verdict; the
-- reconciler still checks replay_verdicts for each one it finds, so a stale row costs a
-- re-check, never a missed or doubled job.
CREATE TABLE IF NOT EXISTS replay_unfinished (
  job_key text PRIMARY KEY
);
INSERT INTO replay_unfinished (job_key)
  SELECT j.job_key FROM replay_jobs j WHERE NOT EXISTS (SELECT 1 FROM replay_verdicts v WHERE v.job_key = j.job_key)
  ON CONFLICT (job_key) DO NOTHING;
