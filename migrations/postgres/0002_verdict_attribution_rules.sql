-- The sound verifier's evidence (replay/verify/attribution-rules.ts): the total (L1) deviation
-- and its tolerance beside the largest one, and every failed rule with its offending
-- contributions and their claimed and recomputed weights, so that /replay/verdicts can show why.
ALTER TABLE replay_verdicts ADD COLUMN IF NOT EXISTS l1_deviation_ppm integer;
ALTER TABLE replay_verdicts ADD COLUMN IF NOT EXISTS l1_tolerance_ppm integer;
-- [{"rule": "CONTRIBUTION_OUTSIDE_TRAINING_SET", "contributionIds": ["41"],
--   "deviations": [{"contributionId": "41", "claimedPpm": 900, "observedPpm": 0}], "message": "…"}]
ALTER TABLE replay_verdicts ADD COLUMN IF NOT EXISTS failed_rules jsonb NOT NULL DEFAULT '[]';
