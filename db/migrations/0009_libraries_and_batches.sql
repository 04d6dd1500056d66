-- Library scans: what the last one found, kept with the library; movies found by path quickly.
ALTER TABLE libraries ADD COLUMN last_scan jsonb;
CREATE INDEX movies_library_idx ON movies (library_id) WHERE deleted_at IS NULL;
CREATE INDEX movies_file_path_idx ON movies (file_path) WHERE deleted_at IS NULL;

-- Bulk runs, one at a time: the partial unique index refuses a second unfinished row, atomically,
-- whichever API process asks.
CREATE TABLE bulk_runs (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workflow_id  text UNIQUE,
  selection    jsonb NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE UNIQUE INDEX bulk_runs_one_unfinished ON bulk_runs ((true)) WHERE finished_at IS NULL;

-- A provider answered 429: until when it asked us to wait. Batches start no new enrichment before
-- then, whichever worker saw the answer.
CREATE TABLE provider_rate_limit_reports (
  provider       text PRIMARY KEY,
  limited_until  timestamptz NOT NULL,
  reason         text NOT NULL,
  reported_at    timestamptz NOT NULL DEFAULT now()
);
