import { ApplicationFailure, Context } from '@temporalio/activity';
import { inTransaction } from '../db/pool.js';
import { FANART_VOTE_AVERAGE, fanartCacheImages } from '../domain/fanart.js';
import { omdbData, omdbTooIncomplete } from '../domain/omdb.js';
import { isFresh } from '../domain/provider-ttl.js';
import type { ProviderReport } from '../domain/types.js';
import { FanartClient } from '../providers/fanart.js';
import { OmdbClient } from '../providers/omdb.js';
import type { ActivityDeps } from './deps.js';
import { toActivityFailure } from './failures.js';

/**
 * The supplementary providers (§3.4 step 3). Each writes only its own part of the provider cache,
 * in one transaction after its answer parsed, so a failure leaves nothing half-written; the
 * workflow runs them in parallel and never lets their failure fail the item (§14.3).
 */
export function createProviderActivities({ pool, config, gate }: ActivityDeps) {
  const heartbeat = (waitMs: number) => Context.current().heartbeat({ waitingForRateLimitMs: waitMs });

  async function fetchedAt(cacheId: number, column: 'fanart_fetched_at' | 'omdb_fetched_at'): Promise<Date | null> {
    const row = (await pool.query<{ at: Date | null }>(`SELECT ${column} AS at FROM provider_cache_movies WHERE id = $1`, [cacheId])).rows[0];
    if (!row) throw ApplicationFailure.nonRetryable(`provider cache row ${cacheId} is gone`, 'NotFound');
    return row.at;
  }

  async function fetchFanart(input: { cacheId: number; tmdbId: number; force: boolean }): Promise<ProviderReport> {
    const { apiKey, apiUrl, clientKey } = config.fanart;
    if (!apiKey) return { status: 'skipped', reason: 'disabled: FANART_API_KEY is not set' };
    const at = await fetchedAt(input.cacheId, 'fanart_fetched_at');
    if (isFresh('fanart.tv', at, input.force)) return { status: 'skipped', reason: 'fresh cache' };
    const client = new FanartClient({ apiUrl, apiKey, clientKey });
    let res;
    try {
      res = await gate.call('fanart.tv', () => client.movie(input.tmdbId), heartbeat);
    } catch (err) {
      throw toActivityFailure(err);
    }
    const images = res ? fanartCacheImages(res) : [];
    await inTransaction(pool, async (c) => {
      await c.query(`DELETE FROM provider_cache_images WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'fanart.tv'`, [input.cacheId]);
      for (const i of images)
        await c.query(
          `INSERT INTO provider_cache_images (entity_type, entity_cache_id, image_type, provider_name, provider_image_id, file_path,
             width, height, aspect_ratio, vote_average, vote_count, likes, iso_639_1, disc_number, disc_type, is_hd)
           VALUES ('movie', $1, $2, 'fanart.tv', $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13)
           ON CONFLICT DO NOTHING`,
          [input.cacheId, i.imageType, i.providerImageId, i.url, i.width, i.height, i.width / i.height, FANART_VOTE_AVERAGE, i.likes, i.language, i.discNumber, i.discType, i.isHd],
        );
      await c.query('UPDATE provider_cache_movies SET fanart_fetched_at = now() WHERE id = $1', [input.cacheId]);
    });
    return res ? { status: 'ok', reason: `${images.length} images` } : { status: 'ok', reason: 'no artwork on Fanart.tv' };
  }

  async function fetchOmdb(input: { cacheId: number; imdbId: string | null; force: boolean }): Promise<ProviderReport> {
    const { apiKey, apiUrl } = config.omdb;
    if (!apiKey) return { status: 'skipped', reason: 'disabled: OMDB_API_KEY is not set' };
    if (!input.imdbId) return { status: 'skipped', reason: 'no IMDb id' };
    const at = await fetchedAt(input.cacheId, 'omdb_fetched_at');
    if (isFresh('omdb', at, input.force)) return { status: 'skipped', reason: 'fresh cache' };
    const client = new OmdbClient({ apiUrl, apiKey });
    const imdbId = input.imdbId;
    let movie;
    try {
      movie = await gate.call('omdb', () => client.movie(imdbId), heartbeat);
    } catch (err) {
      throw toActivityFailure(err);
    }
    if (movie) {
      const incomplete = omdbTooIncomplete(movie);
      if (incomplete) throw ApplicationFailure.nonRetryable(`omdb: response for ${imdbId} rejected: ${incomplete}`, 'Provider.malformed');
    }
    const d = movie ? omdbData(movie) : null;
    // "N/A" never erases what an earlier answer gave (acceptance 8).
    await pool.query(
      `UPDATE provider_cache_movies SET
         outline = COALESCE($2, outline), imdb_rating = COALESCE($3, imdb_rating), imdb_votes = COALESCE($4, imdb_votes),
         rotten_tomatoes_score = COALESCE($5, rotten_tomatoes_score), metacritic_score = COALESCE($6, metacritic_score),
         awards = COALESCE($7, awards), omdb_rated = COALESCE($8, omdb_rated), omdb_fetched_at = now()
       WHERE id = $1`,
      [input.cacheId, d?.outline ?? null, d?.imdbRating ?? null, d?.imdbVotes ?? null, d?.rottenTomatoes ?? null, d?.metacritic ?? null, d?.awards ?? null, d?.rated ?? null],
    );
    return d ? { status: 'ok' } : { status: 'ok', reason: `OMDb does not know ${imdbId}` };
  }

  return { fetchFanart, fetchOmdb };
}
