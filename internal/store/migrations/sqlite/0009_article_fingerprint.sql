-- Copies are recognised by a MinHash fingerprint of the article's text
-- (64 values, hex) whose eight LSH band keys go in band0..band7; the
-- SimHash of 0006 recognised too few edited copies of short stories.
ALTER TABLE article ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE article DROP COLUMN simhash;
