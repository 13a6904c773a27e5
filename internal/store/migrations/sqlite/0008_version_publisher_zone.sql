-- The publisher's zone offset of generated_at (seconds east of UTC), so a
-- version keeps the publisher's date, and the record format revision a
-- version was stored with (lists.RecordRevision): versions stored before
-- this migration are revision 1 and are read again from their file when
-- it is imported again.
ALTER TABLE list_version ADD COLUMN generated_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE list_version ADD COLUMN record_revision INTEGER NOT NULL DEFAULT 1;
