-- Trailer candidates: TMDB's trailer videos of a movie (or a URL the user gave), what the
-- availability check and the downloader's probe found, the score, the selection, and the cached
-- video once downloaded. A failure is kept with its class, so later runs know whether to try again.
CREATE TABLE trailer_candidates (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_id              integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  source_type           text NOT NULL CHECK (source_type IN ('provider', 'user')),
  source_url            text NOT NULL,
  site                  text NOT NULL CHECK (site IN ('youtube', 'vimeo')),
  provider_name         text CHECK (provider_name IN ('tmdb')),
  provider_video_id     text,
  tmdb_name             text,
  tmdb_official         boolean,
  tmdb_language         text,
  published_at          timestamptz,
  analyzed              boolean NOT NULL DEFAULT false,
  title                 text,
  duration_seconds      integer,
  best_width            integer,
  best_height           integer,
  estimated_size_bytes  bigint,
  thumbnail_url         text,
  score                 integer,
  is_selected           boolean NOT NULL DEFAULT false,
  selected_at           timestamptz,
  selected_by           text CHECK (selected_by IN ('auto', 'user')),
  -- the downloaded video in the content-addressed cache (namespace 'videos')
  blob_sha256           text REFERENCES cache_blobs (sha256) ON DELETE RESTRICT,
  downloaded_at         timestamptz,
  failed_at             timestamptz,
  failure_reason        text CHECK (failure_reason IN ('unavailable', 'age_restricted', 'geo_blocked', 'rate_limited', 'download_error')),
  failure_message       text,
  retry_after           timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_type = 'provider') = (provider_video_id IS NOT NULL))
);
CREATE UNIQUE INDEX trailer_candidates_url_idx ON trailer_candidates (movie_id, source_url);
CREATE UNIQUE INDEX trailer_candidates_video_idx ON trailer_candidates (movie_id, provider_video_id)
  WHERE provider_video_id IS NOT NULL;
-- one selected trailer per movie
CREATE UNIQUE INDEX trailer_candidates_selected_idx ON trailer_candidates (movie_id) WHERE is_selected;
CREATE INDEX trailer_candidates_blob_idx ON trailer_candidates (blob_sha256) WHERE blob_sha256 IS NOT NULL;

-- Publishing writes `{base}-trailer.{ext}` too.
ALTER TABLE library_files DROP CONSTRAINT library_files_kind_check;
ALTER TABLE library_files ADD CONSTRAINT library_files_kind_check CHECK (kind IN ('nfo', 'image', 'video'));
ALTER TABLE library_files DROP CONSTRAINT library_files_asset_type_check;
ALTER TABLE library_files ADD CONSTRAINT library_files_asset_type_check
  CHECK (asset_type IN ('poster','fanart','banner','clearlogo','clearart','discart','landscape','keyart','actor_thumb','trailer'));
