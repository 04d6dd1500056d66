-- Webhook calls are kept with what came of them, the log a user reads when Radarr says it sent
-- something: `outcome` replaces the processed flag, and a call without an event type (refused as
-- malformed) is kept too. A payload that was not JSON is kept as a JSON string of the text received.
ALTER TABLE webhook_events RENAME COLUMN created_at TO received_at;
ALTER TABLE webhook_events ALTER COLUMN event_type DROP NOT NULL;
ALTER TABLE webhook_events ADD COLUMN outcome text NOT NULL DEFAULT 'received';
ALTER TABLE webhook_events DROP COLUMN processed, DROP COLUMN processed_at;

-- The movie's file was reported gone (Radarr deleted it); its data stays, and a new file clears it.
ALTER TABLE movies ADD COLUMN file_missing_since timestamptz;
