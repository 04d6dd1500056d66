-- The files publishing wrote into library folders. Publishing removes only files listed here
-- (a stale pick of an earlier publish), never anything else in a user's folder.
CREATE TABLE library_files (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_id      integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  -- absolute; one owner per file, whichever movie published it last
  path          text NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('nfo', 'image')),
  -- for images: poster, fanart, …, or actor_thumb for a `.actors/` headshot
  asset_type    text CHECK (asset_type IN ('poster','fanart','banner','clearlogo','clearart','discart','landscape','keyart','actor_thumb')),
  -- of the bytes we wrote: a file whose content no longer matches was replaced by the user and is theirs
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  published_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'nfo') = (asset_type IS NULL))
);
CREATE INDEX library_files_movie_idx ON library_files (movie_id);
