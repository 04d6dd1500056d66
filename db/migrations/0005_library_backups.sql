-- A user's file that stood at a name publishing writes, and was not ours: its bytes were moved
-- into the cache's backup folder before ours replaced it, so no user file is ever lost.
CREATE TABLE library_backups (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_id       integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  -- absolute: where the file stood in the library
  original_path  text NOT NULL,
  -- absolute: `{cache}/backups/{movie id}/…`; one row per backup file
  backup_path    text NOT NULL UNIQUE,
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size           bigint NOT NULL CHECK (size >= 0),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX library_backups_movie_idx ON library_backups (movie_id);
