-- Versions that say where they came from (issue 11, "nothing replaced by surprise"), and ledger
-- writes kept together as batches.
--
-- kind: 'replace' (a file replaced the year as a whole), 'merge' (a file updated only the
-- schools it lists; the other schools were carried over from version based_on), 'restore'
-- (version based_on copied as a new version), 'submission' (a school's approved submission).
-- Rows written before this migration read as 'replace' with no file name.
ALTER TABLE roster_versions ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE roster_versions ADD COLUMN kind TEXT NOT NULL DEFAULT 'replace';
ALTER TABLE roster_versions ADD COLUMN based_on BIGINT;
ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'replace';
ALTER TABLE imports ADD COLUMN based_on BIGINT;

-- The moves written by one call (an accepted plan, a ledger file, one move by hand) share a
-- batch: the id of the batch's first move. NULL for moves written before this migration (each
-- its own batch).
ALTER TABLE rotation_moves ADD COLUMN batch_id BIGINT;
CREATE INDEX rotation_moves_batch ON rotation_moves (district_id, batch_id);
