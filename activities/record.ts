import { ApplicationFailure } from '@temporalio/activity';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { completeness } from '../domain/completeness.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import { shouldWrite, sortTitle } from '../domain/recording.js';
import type { AssetType, RecordOutcome, TypeSelection } from '../domain/types.js';
import { releaseUnreferenced } from '../lib/blob-store.js';
import { syncCast, syncCollection, syncCrew, syncNamedList } from '../lib/movie-relations.js';
import type { ActivityDeps } from './deps.js';

/** movies column ← provider-cache column, the locks that protect it, and its source (D17). */
const FIELDS: { column: string; from: string; locks: string[]; source: 'tmdb' | 'omdb' }[] = [
  { column: 'title', from: 'title', locks: ['title_locked'], source: 'tmdb' },
  { column: 'original_title', from: 'original_title', locks: ['title_locked', 'original_title_locked'], source: 'tmdb' },
  { column: 'plot', from: 'overview', locks: ['plot_locked'], source: 'tmdb' },
  { column: 'outline', from: 'outline', locks: ['outline_locked'], source: 'omdb' },
  { column: 'tagline', from: 'tagline', locks: ['tagline_locked'], source: 'tmdb' },
  { column: 'release_date', from: 'release_date', locks: ['release_date_locked'], source: 'tmdb' },
  { column: 'year', from: 'year', locks: ['year_locked', 'release_date_locked'], source: 'tmdb' },
  { column: 'runtime', from: 'runtime', locks: ['runtime_locked'], source: 'tmdb' },
  { column: 'content_rating', from: 'content_rating', locks: ['content_rating_locked'], source: 'tmdb' },
  { column: 'tmdb_rating', from: 'tmdb_rating', locks: ['ratings_locked'], source: 'tmdb' },
  { column: 'tmdb_votes', from: 'tmdb_votes', locks: ['ratings_locked'], source: 'tmdb' },
  { column: 'imdb_rating', from: 'imdb_rating', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'imdb_votes', from: 'imdb_votes', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'rotten_tomatoes_score', from: 'rotten_tomatoes_score', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'metacritic_score', from: 'metacritic_score', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'awards', from: 'awards', locks: [], source: 'omdb' },
  { column: 'budget', from: 'budget', locks: [], source: 'tmdb' },
  { column: 'revenue', from: 'revenue', locks: [], source: 'tmdb' },
  { column: 'homepage', from: 'homepage', locks: [], source: 'tmdb' },
  { column: 'original_language', from: 'original_language', locks: [], source: 'tmdb' },
  { column: 'popularity', from: 'popularity', locks: [], source: 'tmdb' },
  { column: 'status', from: 'status', locks: [], source: 'tmdb' },
];

type Row = Record<string, string | number | boolean | null>;

export function createRecordActivities({ pool }: ActivityDeps) {
  /**
   * Phase 4, in one transaction: metadata into `movies` (locks read under a row lock, so a lock
   * set while the run was downloading is honoured), selection state into `provider_assets`,
   * item references to the cached blobs, completeness.
   */
  async function recordEnrichment(input: {
    movieId: number;
    cacheId: number;
    selections: TypeSelection[];
  }): Promise<RecordOutcome> {
    return inTransaction(pool, async (c) => {
      const movie = (await c.query<Row>('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [input.movieId])).rows[0];
      if (!movie) throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, 'NotFound');
      const cache = (await c.query<Row>('SELECT * FROM provider_cache_movies WHERE id = $1', [input.cacheId])).rows[0];
      if (!cache) throw ApplicationFailure.nonRetryable(`provider cache row ${input.cacheId} is gone`, 'NotFound');

      const sets: string[] = [];
      const params: unknown[] = [input.movieId];
      const changed: string[] = [];
      const sources: Record<string, string> = {};
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      // D17: content rating from TMDB's US certification, else OMDb's `Rated`.
      const fromOmdbRated = cache.content_rating === null && cache.omdb_rated !== null;
      for (const f of FIELDS) {
        const incoming = (f.column === 'content_rating' && fromOmdbRated ? cache.omdb_rated : cache[f.from]) as string | number | null;
        const locked = f.locks.some((l) => movie[l] === true);
        if (shouldWrite(movie[f.column] as string | number | null, incoming, locked)) {
          set(f.column, incoming);
          changed.push(f.column);
          sources[f.column] = f.column === 'content_rating' && fromOmdbRated ? 'omdb' : f.source;
        }
      }
      const title = (changed.includes('title') ? cache.title : movie.title) as string;
      if (!movie.sort_title_locked && !movie.sort_title) {
        set('sort_title', sortTitle(title));
        changed.push('sort_title');
      }
      // D5: backfill ids so later providers (OMDb by IMDb id) can run.
      for (const id of ['tmdb_id', 'imdb_id', 'tvdb_id'])
        if (movie[id] === null && cache[id] !== null) {
          set(id, cache[id]);
          changed.push(id);
        }
      set('field_sources', JSON.stringify({ ...(movie.field_sources as unknown as object), ...sources }));
      set('identification_status', movie.identification_status === 'published' ? 'published' : 'enriched');
      sets.push('enriched_at = now()', 'last_enrichment_date = now()', 'updated_at = now()');
      await c.query(`UPDATE movies SET ${sets.join(', ')} WHERE id = $1`, params);

      // D1: a locked list is never rewritten.
      for (const list of ['genres', 'studios', 'countries', 'tags'] as const)
        if (!movie[`${list}_locked`] && (await syncNamedList(c, input.movieId, input.cacheId, list))) changed.push(list);
      for (const list of ['directors', 'writers'] as const)
        if (!movie[`${list}_locked`] && (await syncCrew(c, input.movieId, input.cacheId, list))) changed.push(list);
      if (await syncCast(c, input.movieId, input.cacheId, movie.actors_order_locked === true)) changed.push('cast');
      if (await syncCollection(c, input.movieId, input.cacheId)) changed.push('set');
      await upsertExternalIds(c, input.movieId, cache.external_ids as unknown as Record<string, string | null>);

      let assetsChanged = false;
      for (const sel of input.selections) if (await recordSelection(c, input.movieId, sel)) assetsChanged = true;

      const score = await storeCompleteness(c, input.movieId);
      return { completenessPct: score.pct, missing: score.missing, changedFields: changed, assetsChanged };
    });
  }

  /** D4: no confident match; the user identifies the movie. Nothing else is written. */
  async function markNeedsIdentification(input: { movieId: number }): Promise<void> {
    await pool.query(
      `UPDATE movies SET identification_status = 'needs_identification', updated_at = now()
        WHERE id = $1 AND tmdb_id IS NULL AND identification_status IN ('unidentified', 'needs_identification')`,
      [input.movieId],
    );
  }

  return { recordEnrichment, markNeedsIdentification };
}

/** D19 completeness from what the movie now holds, stored with the missing fields. */
export async function storeCompleteness(c: PoolClient, movieId: number): Promise<{ pct: number; missing: string[] }> {
  const now = (
    await c.query<Row>(
      `SELECT m.*,
         (SELECT count(*)::int FROM provider_assets WHERE entity_type = 'movie' AND entity_id = m.id AND asset_type = 'poster' AND is_selected) AS posters,
         (SELECT count(*)::int FROM provider_assets WHERE entity_type = 'movie' AND entity_id = m.id AND asset_type = 'fanart' AND is_selected) AS fanarts,
         (SELECT count(*)::int FROM movie_genres WHERE movie_id = m.id) AS genre_count,
         (SELECT count(*)::int FROM movie_crew WHERE movie_id = m.id AND role = 'director') AS director_count
       FROM movies m WHERE m.id = $1`,
      [movieId],
    )
  ).rows[0]!;
  const score = completeness({
    title: now.title,
    plot: now.plot,
    release_date: now.release_date,
    runtime: now.runtime,
    content_rating: now.content_rating,
    poster: now.posters,
    fanart: now.fanarts,
    imdb_rating: now.imdb_rating,
    genres: now.genre_count,
    directors: now.director_count,
  });
  await c.query('UPDATE movies SET completeness_pct = $2, completeness_missing = $3 WHERE id = $1', [movieId, score.pct, score.missing]);
  return score;
}

/** D2: upsert, keeping values we already had when the provider has none. */
async function upsertExternalIds(c: PoolClient, movieId: number, ids: Record<string, string | null>): Promise<void> {
  await c.query(
    `INSERT INTO movie_external_ids (movie_id, facebook_id, instagram_id, twitter_id, wikidata_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (movie_id) DO UPDATE SET
       facebook_id = COALESCE(EXCLUDED.facebook_id, movie_external_ids.facebook_id),
       instagram_id = COALESCE(EXCLUDED.instagram_id, movie_external_ids.instagram_id),
       twitter_id = COALESCE(EXCLUDED.twitter_id, movie_external_ids.twitter_id),
       wikidata_id = COALESCE(EXCLUDED.wikidata_id, movie_external_ids.wikidata_id),
       updated_at = now()`,
    [movieId, ids.facebook_id ?? null, ids.instagram_id ?? null, ids.twitter_id ?? null, ids.wikidata_id ?? null],
  );
}

/**
 * Makes `chosen` the type's whole selection (who chose: enrichment or the user): flags set and
 * cleared, references to other blobs dropped and blobs nothing else uses released. Returns whether
 * the selection changed.
 */
export async function replaceSelection(
  c: PoolClient,
  movieId: number,
  assetType: AssetType,
  chosen: readonly { candidateId: number; sha256: string }[],
  by: 'auto' | 'user',
): Promise<boolean> {
  const ids = chosen.map((a) => a.candidateId);
  const before = (
    await c.query<{ id: number }>(
      `SELECT id FROM provider_assets WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2 AND is_selected ORDER BY id`,
      [movieId, assetType],
    )
  ).rows.map((r) => r.id);
  await c.query(
    `UPDATE provider_assets SET is_selected = false, selected_at = NULL, selected_by = NULL
      WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2 AND is_selected AND id <> ALL($3)`,
    [movieId, assetType, ids],
  );
  const evicted = await c.query<{ blob_sha256: string }>(
    `DELETE FROM cache_image_refs WHERE entity_type = 'movie' AND entity_id = $1 AND image_type = $2 AND blob_sha256 <> ALL($3)
     RETURNING blob_sha256`,
    [movieId, assetType, chosen.map((a) => a.sha256)],
  );
  await releaseUnreferenced(
    c,
    evicted.rows.map((r) => r.blob_sha256),
  );
  for (const a of chosen) {
    await c.query(
      `UPDATE provider_assets p SET is_selected = true, selected_by = $3,
              selected_at = CASE WHEN p.is_selected AND p.selected_by = $3 THEN p.selected_at ELSE now() END,
              content_hash = b.sha256, perceptual_hash = b.perceptual_hash, hash_algorithm = b.hash_algorithm,
              is_downloaded = true, width = b.width, height = b.height, file_size = b.file_size,
              mime_type = 'image/' || b.format, rejection_reason = NULL, duplicate_of = NULL, duplicate_distance = NULL
         FROM cache_blobs b WHERE p.id = $1 AND b.sha256 = $2`,
      [a.candidateId, a.sha256, by],
    );
  }
  return before.join() !== [...ids].sort((a, b) => a - b).join();
}

/** One type's walk recorded (§6.1): the new selection, duplicates rejected, failures noted. */
async function recordSelection(c: PoolClient, movieId: number, sel: TypeSelection): Promise<boolean> {
  // D28: with nothing accepted this run (every download failed), the previous selection stays.
  const changed = sel.accepted.length > 0 && (await replaceSelection(c, movieId, sel.assetType, sel.accepted, 'auto'));
  for (const r of sel.rejected)
    await c.query(
      `UPDATE provider_assets SET is_rejected = true, is_selected = false, content_hash = $2, perceptual_hash = $3,
              hash_algorithm = CASE WHEN $3::text IS NULL THEN NULL ELSE $4 END,
              rejection_reason = $5, duplicate_of = $6, duplicate_distance = $7
        WHERE id = $1`,
      [r.candidateId, r.sha256, r.phash, PHASH_ALGORITHM, r.reason, r.duplicateOf, r.distance],
    );
  // A failed download is retried next run: recorded, not rejected.
  for (const f of sel.failed) await c.query('UPDATE provider_assets SET rejection_reason = $2 WHERE id = $1', [f.candidateId, f.reason]);
  return changed;
}
