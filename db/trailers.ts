// A movie's trailer candidates: TMDB's trailer videos from the provider cache, what analysis
// found, the selection, and the cached video each one downloaded to.
import type { TrailerFailure } from '../domain/trailer-failure.js';
import type { ProbeFacts, TrailerCandidateState, TrailerVideo, VideoSite } from '../domain/trailers.js';
import type { Queryable } from './pool.js';

/** TMDB's trailer videos of the movie's provider cache row. */
export async function trailerVideos(q: Queryable, cacheId: number): Promise<TrailerVideo[]> {
  const { rows } = await q.query<TrailerVideo>(
    `SELECT provider_video_id AS "providerVideoId", name, site, key, official, iso_639_1 AS language,
            to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "publishedAt"
       FROM provider_cache_videos
      WHERE entity_type = 'movie' AND entity_cache_id = $1 AND video_type = 'trailer'`,
    [cacheId],
  );
  return rows;
}

export interface TrailerCandidate extends TrailerCandidateState {
  movieId: number;
  sourceType: 'provider' | 'user';
  sourceUrl: string;
  site: VideoSite;
  providerVideoId: string | null;
  name: string | null;
  official: boolean | null;
  language: string | null;
  bestHeight: number | null;
  bestWidth: number | null;
  title: string | null;
  durationSeconds: number | null;
  estimatedSizeBytes: number | null;
  failureMessage: string | null;
  isSelected: boolean;
  selectedBy: 'auto' | 'user' | null;
  blobSha256: string | null;
  downloadedAt: string | null;
}

const COLUMNS = `id, movie_id AS "movieId", source_type AS "sourceType", source_url AS "sourceUrl", site,
  provider_video_id AS "providerVideoId", tmdb_name AS name, tmdb_official AS official, tmdb_language AS language,
  analyzed, best_height AS "bestHeight", best_width AS "bestWidth", title, duration_seconds AS "durationSeconds",
  estimated_size_bytes::float8 AS "estimatedSizeBytes", score, failure_reason AS "failureReason",
  failure_message AS "failureMessage", (extract(epoch FROM retry_after) * 1000)::float8 AS "retryAfter",
  is_selected AS "isSelected", selected_by AS "selectedBy", blob_sha256 AS "blobSha256",
  blob_sha256 IS NOT NULL AS "hasBlob", to_char(downloaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "downloadedAt"`;

export async function trailerCandidates(q: Queryable, movieId: number): Promise<TrailerCandidate[]> {
  const { rows } = await q.query<TrailerCandidate>(
    `SELECT ${COLUMNS} FROM trailer_candidates WHERE movie_id = $1 ORDER BY score DESC NULLS LAST, id`,
    [movieId],
  );
  return rows;
}

export async function trailerCandidate(
  q: Queryable,
  movieId: number,
  candidateId: number,
): Promise<TrailerCandidate | undefined> {
  const { rows } = await q.query<TrailerCandidate>(
    `SELECT ${COLUMNS} FROM trailer_candidates WHERE movie_id = $1 AND id = $2`,
    [movieId, candidateId],
  );
  return rows[0];
}

/** A TMDB video as a candidate (kept as it is when known), its id returned. */
export async function upsertProviderCandidate(
  q: Queryable,
  movieId: number,
  v: TrailerVideo & { site: VideoSite; sourceUrl: string },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO trailer_candidates (movie_id, source_type, source_url, site, provider_name, provider_video_id,
                                     tmdb_name, tmdb_official, tmdb_language, published_at)
     VALUES ($1, 'provider', $2, $3, 'tmdb', $4, $5, $6, $7, $8)
     ON CONFLICT (movie_id, provider_video_id) WHERE provider_video_id IS NOT NULL
       DO UPDATE SET tmdb_name = EXCLUDED.tmdb_name, tmdb_official = EXCLUDED.tmdb_official,
                     tmdb_language = EXCLUDED.tmdb_language, published_at = EXCLUDED.published_at, updated_at = now()
     RETURNING id`,
    [movieId, v.sourceUrl, v.site, v.providerVideoId, v.name, v.official, v.language, v.publishedAt],
  );
  return rows[0]!.id;
}

/** A URL the user gave as a candidate of theirs (the same URL again is the same candidate). */
export async function upsertUserCandidate(
  q: Queryable,
  movieId: number,
  site: VideoSite,
  url: string,
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO trailer_candidates (movie_id, source_type, source_url, site)
     VALUES ($1, 'user', $2, $3)
     ON CONFLICT (movie_id, source_url) DO UPDATE SET updated_at = now()
     RETURNING id`,
    [movieId, url, site],
  );
  return rows[0]!.id;
}

/** What the probe found, with the score it gives; any earlier failure is cleared. */
export async function recordAnalysis(
  q: Queryable,
  candidateId: number,
  facts: ProbeFacts,
  score: number,
): Promise<void> {
  await q.query(
    `UPDATE trailer_candidates SET analyzed = true, title = $2, duration_seconds = $3, best_width = $4, best_height = $5,
            estimated_size_bytes = $6, thumbnail_url = $7, score = $8,
            failed_at = NULL, failure_reason = NULL, failure_message = NULL, retry_after = NULL, updated_at = now()
      WHERE id = $1`,
    [
      candidateId,
      facts.title,
      facts.durationSeconds,
      facts.bestWidth,
      facts.bestHeight,
      facts.estimatedSizeBytes,
      facts.thumbnailUrl,
      score,
    ],
  );
}

/** A failed check, probe or download; the candidate counts as analysed (it is not probed again unless its failure is retried). */
export async function recordTrailerFailure(
  q: Queryable,
  candidateId: number,
  f: { reason: TrailerFailure; message: string; retryAfter: Date | null },
): Promise<void> {
  await q.query(
    `UPDATE trailer_candidates SET analyzed = true, failed_at = now(), failure_reason = $2, failure_message = $3,
            retry_after = $4, updated_at = now()
      WHERE id = $1`,
    [candidateId, f.reason, f.message.slice(0, 2000), f.retryAfter],
  );
}

/** Makes one candidate the movie's selected trailer (none other stays selected). */
export async function selectCandidate(tx: Queryable, movieId: number, candidateId: number, by: 'auto' | 'user') {
  await tx.query(
    `UPDATE trailer_candidates SET is_selected = false, selected_at = NULL, selected_by = NULL
      WHERE movie_id = $1 AND is_selected AND id <> $2`,
    [movieId, candidateId],
  );
  await tx.query(
    `UPDATE trailer_candidates SET is_selected = true, selected_at = now(), selected_by = $3, updated_at = now()
      WHERE movie_id = $1 AND id = $2`,
    [movieId, candidateId, by],
  );
}

/**
 * The movie's trailer videos let go of, but the one of `keepCandidateId` (null: all, as when the
 * movie is deleted; the candidates stay, as its other rows do). Returns the blobs, for the caller to
 * release.
 */
export async function dropMovieTrailerBlobs(
  tx: Queryable,
  movieId: number,
  keepCandidateId: number | null = null,
): Promise<string[]> {
  const { rows } = await tx.query<{ blob_sha256: string }>(
    `WITH old AS (SELECT id, blob_sha256 FROM trailer_candidates
                   WHERE movie_id = $1 AND id IS DISTINCT FROM $2 AND blob_sha256 IS NOT NULL FOR UPDATE)
     UPDATE trailer_candidates t SET blob_sha256 = NULL, downloaded_at = NULL
       FROM old WHERE t.id = old.id
     RETURNING old.blob_sha256`,
    [movieId, keepCandidateId],
  );
  return rows.map((r) => r.blob_sha256);
}

/**
 * The candidate's downloaded video; the movie's other candidates let go of theirs (one cached
 * trailer per movie). Returns the blobs let go of, for the caller to release.
 */
export async function attachTrailerBlob(tx: Queryable, movieId: number, candidateId: number, sha256: string) {
  const released = await dropMovieTrailerBlobs(tx, movieId, candidateId);
  await tx.query(
    `UPDATE trailer_candidates SET blob_sha256 = $3, downloaded_at = now(), failed_at = NULL, failure_reason = NULL,
            failure_message = NULL, retry_after = NULL, updated_at = now()
      WHERE movie_id = $1 AND id = $2`,
    [movieId, candidateId, sha256],
  );
  return released;
}

/** Whether the movie's trailer is the user's (`trailer_locked`): enrichment then leaves it alone. */
export async function trailerLocked(q: Queryable, movieId: number): Promise<boolean | undefined> {
  const { rows } = await q.query<{ trailer_locked: boolean }>(
    'SELECT trailer_locked FROM movies WHERE id = $1 AND deleted_at IS NULL',
    [movieId],
  );
  return rows[0]?.trailer_locked;
}

export async function setTrailerLocked(q: Queryable, movieId: number, locked: boolean): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE movies SET trailer_locked = $2, updated_at = now() WHERE id = $1 AND deleted_at IS NULL',
    [movieId, locked],
  );
  return (rowCount ?? 0) > 0;
}

/** The selected trailer's cached file, for publishing. */
export async function publishedTrailer(q: Queryable, movieId: number) {
  const { rows } = await q.query<{ sha256: string; file_path: string; format: string }>(
    `SELECT b.sha256, b.file_path, b.format FROM trailer_candidates t JOIN cache_blobs b ON b.sha256 = t.blob_sha256
      WHERE t.movie_id = $1 AND t.is_selected`,
    [movieId],
  );
  return rows[0];
}
