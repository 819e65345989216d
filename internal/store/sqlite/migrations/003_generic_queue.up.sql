-- +goose Up
-- The queue became generic: a job carries its kind's arguments as JSON,
-- and the outbox is keyed by a subject (what the event is about) rather
-- than by an extraction id.
ALTER TABLE jobs ADD COLUMN args BLOB;
ALTER TABLE events RENAME COLUMN extraction_id TO subject;
-- Jobs queued before the upgrade get the arguments their kind now reads
-- (the job's ref was the extraction or event id), so none is lost.
UPDATE jobs SET args = CAST(json_object('extraction_id', ref) AS BLOB) WHERE args IS NULL AND kind IN ('extraction', 'bbox_refine');
UPDATE jobs SET args = CAST(json_object('event_id', ref) AS BLOB) WHERE args IS NULL AND kind = 'webhook';
DROP INDEX events_extraction;
CREATE INDEX events_subject ON events (workspace_id, subject, seq);

-- +goose Down
DROP INDEX events_subject;
ALTER TABLE events RENAME COLUMN subject TO extraction_id;
CREATE INDEX events_extraction ON events (workspace_id, extraction_id, seq);
ALTER TABLE jobs DROP COLUMN args;
