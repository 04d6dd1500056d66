-- What recording a run produced, kept so that a retry of the same run's recording step (its first
-- attempt committed, but the worker died before Temporal heard) answers the same: without it the
-- retry would find nothing to change and the run would skip publishing. One row per movie.
CREATE TABLE enrichment_recordings (
  run_key     text PRIMARY KEY,
  movie_id    integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  outcome     jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrichment_recordings_movie ON enrichment_recordings (movie_id);
