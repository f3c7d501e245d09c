-- The order in which verdicts were written, for readers that follow new verdicts (the GraphQL
-- `verdicts` subscription polls from the last one it delivered). verified_at cannot serve: it
-- is the worker's clock when the claim was checked, and a batch written later can carry an
-- earlier one. Rows written before this migration are numbered in arbitrary order.
ALTER TABLE replay_verdicts ADD COLUMN IF NOT EXISTS seq bigserial;
CREATE INDEX IF NOT EXISTS replay_verdicts_seq ON replay_verdicts (seq);
