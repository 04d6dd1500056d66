-- The scan run that registered a movie: a scan resumed after a crash finds every film it added,
-- also those registered after its last heartbeat, and hands them all to the enrichment batch.
ALTER TABLE movies ADD COLUMN registered_by_scan text;
CREATE INDEX movies_registered_by_scan_idx ON movies (registered_by_scan) WHERE registered_by_scan IS NOT NULL;
