-- Schema v1: movies with per-field and per-list locks, external ids, the provider cache with per-provider
-- freshness, identification states, OMDb fields, content-addressed blobs with references, scores, completeness.
-- No jobs table: Temporal is the job system.

CREATE TABLE libraries (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL,
  path          text NOT NULL UNIQUE,
  type          text NOT NULL CHECK (type IN ('movie', 'tv', 'music')),
  enabled       boolean NOT NULL DEFAULT true,
  auto_enrich   boolean NOT NULL DEFAULT true,
  auto_publish  boolean NOT NULL DEFAULT false,
  description   text,
  last_scan_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE movies (
  id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  library_id             integer REFERENCES libraries (id) ON DELETE CASCADE,
  file_path              text,
  file_name              text,
  file_size              bigint,
  file_hash              text,
  tmdb_id                integer,
  imdb_id                text CHECK (imdb_id ~ '^tt[0-9]+$'),
  tvdb_id                integer,
  title                  text NOT NULL,
  original_title         text,
  sort_title             text,
  tagline                text,
  plot                   text,
  outline                text,
  runtime                integer,
  year                   integer,
  release_date           date,
  content_rating         text,
  tmdb_rating            real,
  tmdb_votes             integer,
  imdb_rating            real,
  imdb_votes             integer,
  rotten_tomatoes_score  integer,
  metacritic_score       integer,
  user_rating            real CHECK (user_rating BETWEEN 0 AND 10),
  budget                 bigint,
  revenue                bigint,
  homepage               text,
  original_language      text,
  popularity             real,
  status                 text,
  awards                 text,
  -- Which provider supplied each recorded field, e.g. {"title":"tmdb","outline":"omdb"}.
  field_sources          jsonb NOT NULL DEFAULT '{}'::jsonb,
  completeness_pct       integer NOT NULL DEFAULT 0,
  completeness_missing   text[] NOT NULL DEFAULT '{}',
  last_enrichment_date   timestamptz,
  enriched_at            timestamptz,
  published_at           timestamptz,
  identification_status  text NOT NULL DEFAULT 'unidentified'
    CHECK (identification_status IN ('unidentified', 'needs_identification', 'identified', 'enriched', 'published')),
  enrichment_priority    integer NOT NULL DEFAULT 5,
  monitored              boolean NOT NULL DEFAULT true,
  deleted_at             timestamptz,
  -- scalar locks
  title_locked           boolean NOT NULL DEFAULT false,
  original_title_locked  boolean NOT NULL DEFAULT false,
  sort_title_locked      boolean NOT NULL DEFAULT false,
  year_locked            boolean NOT NULL DEFAULT false,
  plot_locked            boolean NOT NULL DEFAULT false,
  outline_locked         boolean NOT NULL DEFAULT false,
  tagline_locked         boolean NOT NULL DEFAULT false,
  content_rating_locked  boolean NOT NULL DEFAULT false,
  release_date_locked    boolean NOT NULL DEFAULT false,
  user_rating_locked     boolean NOT NULL DEFAULT false,
  runtime_locked         boolean NOT NULL DEFAULT false,
  ratings_locked         boolean NOT NULL DEFAULT false,
  -- asset-type locks
  poster_locked          boolean NOT NULL DEFAULT false,
  fanart_locked          boolean NOT NULL DEFAULT false,
  logo_locked            boolean NOT NULL DEFAULT false,
  clearlogo_locked       boolean NOT NULL DEFAULT false,
  clearart_locked        boolean NOT NULL DEFAULT false,
  banner_locked          boolean NOT NULL DEFAULT false,
  thumb_locked           boolean NOT NULL DEFAULT false,
  discart_locked         boolean NOT NULL DEFAULT false,
  keyart_locked          boolean NOT NULL DEFAULT false,
  landscape_locked       boolean NOT NULL DEFAULT false,
  -- collection and list locks
  actors_order_locked    boolean NOT NULL DEFAULT false,
  trailer_locked         boolean NOT NULL DEFAULT false,
  genres_locked          boolean NOT NULL DEFAULT false,
  studios_locked         boolean NOT NULL DEFAULT false,
  countries_locked       boolean NOT NULL DEFAULT false,
  tags_locked            boolean NOT NULL DEFAULT false,
  directors_locked       boolean NOT NULL DEFAULT false,
  writers_locked         boolean NOT NULL DEFAULT false,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movies_tmdb_id_idx ON movies (tmdb_id);
CREATE INDEX movies_imdb_id_idx ON movies (imdb_id);
CREATE INDEX movies_tvdb_id_idx ON movies (tvdb_id);
-- One live row per external id: registering a known movie returns the existing row.
CREATE UNIQUE INDEX movies_tmdb_id_live_uq ON movies (tmdb_id) WHERE deleted_at IS NULL AND tmdb_id IS NOT NULL;
CREATE UNIQUE INDEX movies_imdb_id_live_uq ON movies (imdb_id) WHERE deleted_at IS NULL AND imdb_id IS NOT NULL;

CREATE TABLE movie_external_ids (
  movie_id      integer PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE,
  facebook_id   text,
  instagram_id  text,
  twitter_id    text,
  wikidata_id   text,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Provider cache: what providers returned, keyed by provider ids, independent of library rows.
CREATE TABLE provider_cache_movies (
  id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_id                integer UNIQUE,
  imdb_id                text UNIQUE,
  tvdb_id                integer UNIQUE,
  title                  text NOT NULL,
  original_title         text,
  original_language      text,
  overview               text,
  outline                text,
  tagline                text,
  release_date           date,
  year                   integer,
  runtime                integer,
  status                 text,
  content_rating         text,
  omdb_rated             text,
  tmdb_rating            real,
  tmdb_votes             integer,
  imdb_rating            real,
  imdb_votes             integer,
  rotten_tomatoes_score  integer,
  metacritic_score       integer,
  awards                 text,
  popularity             real,
  budget                 bigint,
  revenue                bigint,
  homepage               text,
  adult                  boolean NOT NULL DEFAULT false,
  external_ids           jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Freshness per provider; NULL = never fetched from that provider.
  tmdb_fetched_at        timestamptz,
  omdb_fetched_at        timestamptz,
  fanart_fetched_at      timestamptz
);
CREATE INDEX provider_cache_movies_tmdb_fetched_idx ON provider_cache_movies (tmdb_fetched_at);

CREATE TABLE provider_cache_images (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type        text NOT NULL CHECK (entity_type IN ('movie','collection','person','series','season','episode','artist','album')),
  entity_cache_id    integer NOT NULL,
  image_type         text NOT NULL CHECK (image_type IN ('poster','backdrop','logo','clearlogo','clearart','discart','banner','keyart','landscape','clearlogo_hd','clearart_hd','characterart','seasonposter','seasonthumb','seasonbanner','artistbackground','artistthumb','musiclogo','musicbanner','cdart','albumcover','profile','headshot')),
  provider_name      text NOT NULL CHECK (provider_name IN ('tmdb','fanart.tv','tvdb','musicbrainz','local')),
  provider_image_id  text,
  file_path          text NOT NULL,
  width              integer,
  height             integer,
  aspect_ratio       real,
  vote_average       real,
  vote_count         integer,
  likes              integer,
  iso_639_1          text,
  disc_number        integer,
  disc_type          text,
  season_number      integer,
  is_hd              boolean NOT NULL DEFAULT false,
  fetched_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, entity_cache_id, provider_name, image_type, file_path)
);
CREATE INDEX provider_cache_images_entity_idx ON provider_cache_images (entity_type, entity_cache_id);

CREATE TABLE provider_cache_videos (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type        text NOT NULL CHECK (entity_type IN ('movie','series','episode','person')),
  entity_cache_id    integer NOT NULL,
  video_type         text NOT NULL CHECK (video_type IN ('trailer','teaser','clip','featurette','behind_the_scenes','bloopers','opening_credits')),
  provider_name      text NOT NULL CHECK (provider_name IN ('tmdb','youtube','vimeo')),
  provider_video_id  text NOT NULL,
  name               text NOT NULL,
  site               text NOT NULL,
  key                text NOT NULL,
  size               integer,
  duration_seconds   integer,
  published_at       timestamptz,
  official           boolean,
  iso_639_1          text,
  iso_3166_1         text,
  fetched_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, entity_cache_id, provider_name, provider_video_id)
);

CREATE TABLE provider_cache_people (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_person_id        integer UNIQUE,
  imdb_person_id        text UNIQUE,
  name                  text NOT NULL,
  profile_path          text,
  popularity            real,
  gender                integer,
  known_for_department  text,
  fetched_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE provider_cache_movie_cast (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_cache_id   integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  person_cache_id  integer NOT NULL REFERENCES provider_cache_people (id) ON DELETE CASCADE,
  character_name   text,
  cast_order       integer
);
CREATE INDEX provider_cache_movie_cast_movie_idx ON provider_cache_movie_cast (movie_cache_id);

CREATE TABLE provider_cache_movie_crew (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_cache_id   integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  person_cache_id  integer NOT NULL REFERENCES provider_cache_people (id) ON DELETE CASCADE,
  job              text NOT NULL,
  department       text
);
CREATE INDEX provider_cache_movie_crew_movie_idx ON provider_cache_movie_crew (movie_cache_id);

CREATE TABLE provider_cache_genres (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_genre_id  integer UNIQUE,
  tvdb_genre_id  integer UNIQUE,
  name           text NOT NULL UNIQUE
);
CREATE TABLE provider_cache_movie_genres (
  movie_cache_id  integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  genre_id        integer NOT NULL REFERENCES provider_cache_genres (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_cache_id, genre_id)
);

CREATE TABLE provider_cache_companies (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_company_id  integer UNIQUE,
  name             text NOT NULL,
  logo_path        text,
  origin_country   text
);
CREATE TABLE provider_cache_movie_companies (
  movie_cache_id  integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  company_id      integer NOT NULL REFERENCES provider_cache_companies (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_cache_id, company_id)
);

CREATE TABLE provider_cache_countries (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  iso_3166_1  text NOT NULL UNIQUE,
  name        text NOT NULL
);
CREATE TABLE provider_cache_movie_countries (
  movie_cache_id  integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  country_id      integer NOT NULL REFERENCES provider_cache_countries (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_cache_id, country_id)
);

CREATE TABLE provider_cache_keywords (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_keyword_id  integer UNIQUE,
  name             text NOT NULL UNIQUE
);
CREATE TABLE provider_cache_movie_keywords (
  movie_cache_id  integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  keyword_id      integer NOT NULL REFERENCES provider_cache_keywords (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_cache_id, keyword_id)
);

CREATE TABLE provider_cache_movie_collections (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_collection_id  integer NOT NULL UNIQUE,
  name                text NOT NULL,
  overview            text,
  fetched_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE provider_cache_collection_movies (
  collection_id   integer NOT NULL REFERENCES provider_cache_movie_collections (id) ON DELETE CASCADE,
  movie_cache_id  integer NOT NULL REFERENCES provider_cache_movies (id) ON DELETE CASCADE,
  part_number     integer,
  PRIMARY KEY (collection_id, movie_cache_id)
);

-- Candidate catalogue (the score is persisted: publishing ranks by it).
CREATE TABLE provider_assets (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type        text NOT NULL CHECK (entity_type IN ('movie','episode','series','season','actor')),
  entity_id          integer NOT NULL,
  asset_type         text NOT NULL CHECK (asset_type IN ('poster','fanart','banner','clearlogo','clearart','discart','landscape','keyart','thumb','trailer','sample')),
  provider_name      text NOT NULL,
  provider_url       text NOT NULL,
  provider_metadata  jsonb NOT NULL DEFAULT '{}'::jsonb,
  analyzed           boolean NOT NULL DEFAULT false,
  width              integer,
  height             integer,
  duration_seconds   integer,
  content_hash       text,
  perceptual_hash    text,
  hash_algorithm     text,
  difference_hash    text,
  mime_type          text,
  file_size          bigint,
  score              integer,
  is_selected        boolean NOT NULL DEFAULT false,
  is_rejected        boolean NOT NULL DEFAULT false,
  is_downloaded      boolean NOT NULL DEFAULT false,
  is_blocked         boolean NOT NULL DEFAULT false,
  -- why the last attempt did not select it: download error, duplicate of which hash, …
  rejection_reason   text,
  fetched_at         timestamptz NOT NULL DEFAULT now(),
  analyzed_at        timestamptz,
  selected_at        timestamptz,
  selected_by        text CHECK (selected_by IN ('auto', 'user')),
  UNIQUE (entity_type, entity_id, asset_type, provider_url)
);
CREATE INDEX provider_assets_entity_type_idx ON provider_assets (entity_type, entity_id, asset_type);
CREATE INDEX provider_assets_selection_idx ON provider_assets (entity_type, entity_id, asset_type, is_selected, score DESC);
CREATE INDEX provider_assets_content_hash_idx ON provider_assets (content_hash);
CREATE INDEX provider_assets_perceptual_hash_idx ON provider_assets (perceptual_hash);

-- One blob per distinct content (SHA-256), referenced by every item that uses it.
CREATE TABLE cache_blobs (
  sha256           text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  namespace        text NOT NULL CHECK (namespace IN ('images', 'actors', 'videos')),
  file_path        text NOT NULL UNIQUE,
  file_size        bigint NOT NULL,
  format           text NOT NULL,
  width            integer NOT NULL,
  height           integer NOT NULL,
  has_alpha        boolean NOT NULL DEFAULT false,
  perceptual_hash  text,
  hash_algorithm   text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_accessed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cache_image_refs (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  blob_sha256    text NOT NULL REFERENCES cache_blobs (sha256) ON DELETE RESTRICT,
  entity_type    text NOT NULL CHECK (entity_type IN ('movie','episode','series','season','actor')),
  entity_id      integer NOT NULL,
  image_type     text NOT NULL CHECK (image_type IN ('poster','fanart','banner','clearlogo','clearart','discart','landscape','keyart','thumb','actor_thumb','unknown')),
  candidate_id   integer REFERENCES provider_assets (id) ON DELETE SET NULL,
  source_type    text NOT NULL CHECK (source_type IN ('provider','local','user')),
  source_url     text,
  provider_name  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, entity_id, image_type, blob_sha256)
);
CREATE INDEX cache_image_refs_blob_idx ON cache_image_refs (blob_sha256);

-- People and relationships.
CREATE TABLE actors (
  id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                   text NOT NULL,
  name_normalized        text NOT NULL UNIQUE,
  tmdb_id                integer UNIQUE,
  imdb_id                text,
  image_cache_path       text,
  image_hash             text,
  image_ctime            timestamptz,
  identification_status  text NOT NULL DEFAULT 'identified' CHECK (identification_status IN ('identified', 'enriched')),
  enrichment_priority    integer NOT NULL DEFAULT 5,
  name_locked            boolean NOT NULL DEFAULT false,
  image_locked           boolean NOT NULL DEFAULT false,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE movie_actors (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_id     integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  actor_id     integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  role         text,
  actor_order  integer,
  role_locked  boolean NOT NULL DEFAULT false,
  removed      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (movie_id, actor_id)
);

CREATE TABLE crew (
  id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name     text NOT NULL UNIQUE,
  tmdb_id  integer UNIQUE,
  imdb_id  text
);
CREATE TABLE movie_crew (
  movie_id    integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  crew_id     integer NOT NULL REFERENCES crew (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('director', 'writer', 'producer', 'composer')),
  sort_order  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (movie_id, crew_id, role)
);

CREATE TABLE genres (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  media_type  text NOT NULL CHECK (media_type IN ('movie', 'tv', 'music')),
  UNIQUE (name, media_type)
);
CREATE TABLE movie_genres (
  movie_id  integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  genre_id  integer NOT NULL REFERENCES genres (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_id, genre_id)
);
CREATE TABLE studios (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE movie_studios (
  movie_id   integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  studio_id  integer NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_id, studio_id)
);
CREATE TABLE countries (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE movie_countries (
  movie_id    integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  country_id  integer NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_id, country_id)
);
CREATE TABLE tags (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE movie_tags (
  movie_id  integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  tag_id    integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (movie_id, tag_id)
);
CREATE TABLE movie_collections (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tmdb_collection_id  integer UNIQUE,
  name                text NOT NULL,
  plot                text
);
CREATE TABLE movie_collection_members (
  movie_id       integer NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
  collection_id  integer NOT NULL REFERENCES movie_collections (id) ON DELETE CASCADE,
  sort_order     integer,
  PRIMARY KEY (movie_id, collection_id)
);

-- Webhooks and settings.
CREATE TABLE webhook_events (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source        text NOT NULL CHECK (source IN ('radarr', 'sonarr', 'lidarr')),
  event_type    text NOT NULL,
  payload       jsonb NOT NULL,
  processed     boolean NOT NULL DEFAULT false,
  workflow_id   text,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz
);

CREATE TABLE app_settings (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
