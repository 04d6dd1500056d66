-- What an enrichment run's artwork walk found for each candidate it downloaded, written as each one
-- finishes: a walk resumed after a crash replays these instead of downloading them again. Rows
-- belong to one run (its temp folder's key) and go when the run's temp folder does.
CREATE TABLE artwork_walk_outcomes (
  run_key       text NOT NULL,
  candidate_id  integer NOT NULL,
  sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  phash         text CHECK (phash ~ '^[0-9a-f]{16}$'),
  -- Set when the download could not be used (and then no hashes).
  failure       text,
  -- The download was accepted and is in the cache.
  kept          boolean NOT NULL DEFAULT false,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_key, candidate_id),
  CHECK ((failure IS NULL) = (sha256 IS NOT NULL AND phash IS NOT NULL))
);
CREATE INDEX artwork_walk_outcomes_recorded_at_idx ON artwork_walk_outcomes (recorded_at);
