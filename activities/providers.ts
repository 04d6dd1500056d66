import { ApplicationFailure, Context } from '@temporalio/activity';
import { markQuotaSpent, quotaSpentUntil } from '../db/politeness.js';
import { inTransaction } from '../db/pool.js';
import { storeFanartImages, storeOmdb, supplementaryFetchedAt } from '../db/provider-cache.js';
import { FailureType } from '../domain/failures.js';
import { FANART_VOTE_AVERAGE, fanartCacheImages } from '../domain/fanart.js';
import { omdbData, omdbTooIncomplete } from '../domain/omdb.js';
import { isFresh } from '../domain/provider-ttl.js';
import type { ProviderReport } from '../domain/types.js';
import { QuotaExhausted } from '../providers/errors.js';
import { FanartClient } from '../providers/fanart.js';
import { OmdbClient } from '../providers/omdb.js';
import type { ActivityDeps } from './deps.js';
import { toActivityFailure } from './failures.js';
import { fanartInput, omdbInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

/**
 * The supplementary providers, run after TMDB. Each writes only its own part of the provider cache,
 * in one transaction after its answer parsed, so a failure leaves nothing half-written; the
 * workflow runs them in parallel and never lets their failure fail the item.
 */
export function createProviderActivities({ pool, config, gate }: ActivityDeps) {
  const heartbeat = (waitMs: number) => Context.current().heartbeat({ waitingForRateLimitMs: waitMs });

  async function fetchedAt(cacheId: number, provider: 'fanart.tv' | 'omdb'): Promise<Date | null> {
    const row = await supplementaryFetchedAt(pool, cacheId, provider);
    if (!row)
      throw ApplicationFailure.nonRetryable(`provider cache row ${cacheId} is gone`, FailureType.ProviderCacheMissing);
    return row.at;
  }

  async function fetchFanart(raw: { cacheId: number; tmdbId: number; force: boolean }): Promise<ProviderReport> {
    const input = parseInput(fanartInput, raw);
    const { apiKey, apiUrl, clientKey } = config.fanart;
    if (!apiKey) return { status: 'skipped', reason: 'disabled: FANART_API_KEY is not set' };
    const at = await fetchedAt(input.cacheId, 'fanart.tv');
    if (isFresh('fanart.tv', at, input.force)) return { status: 'skipped', reason: 'fresh cache' };
    const client = new FanartClient({ apiUrl, apiKey, clientKey, maxBodyBytes: config.limits.providerBodyBytes });
    let res;
    try {
      res = await gate.call('fanart.tv', () => client.movie(input.tmdbId), heartbeat);
    } catch (err) {
      throw toActivityFailure(err);
    }
    const images = res ? fanartCacheImages(res) : [];
    await inTransaction(pool, (tx) => storeFanartImages(tx, input.cacheId, images, FANART_VOTE_AVERAGE));
    return res
      ? { status: 'ok', reason: `${images.length} images` }
      : { status: 'ok', reason: 'no artwork on Fanart.tv' };
  }

  async function fetchOmdb(raw: { cacheId: number; imdbId: string | null; force: boolean }): Promise<ProviderReport> {
    const input = parseInput(omdbInput, raw);
    const { apiKey, apiUrl } = config.omdb;
    if (!apiKey) return { status: 'skipped', reason: 'disabled: OMDB_API_KEY is not set' };
    if (!input.imdbId) return { status: 'skipped', reason: 'no IMDb id' };
    const at = await fetchedAt(input.cacheId, 'omdb');
    if (isFresh('omdb', at, input.force)) return { status: 'skipped', reason: 'fresh cache' };
    const spent = await quotaSpentUntil(pool, 'omdb');
    if (spent) return quotaReport(spent.reason, spent.until);
    const client = new OmdbClient({ apiUrl, apiKey, maxBodyBytes: config.limits.providerBodyBytes });
    const imdbId = input.imdbId;
    let movie;
    try {
      movie = await gate.call('omdb', () => client.movie(imdbId), heartbeat);
    } catch (err) {
      // The daily quota is spent: this run goes on without OMDb, and no worker asks it again today.
      if (err instanceof QuotaExhausted)
        return quotaReport(err.message, await markQuotaSpent(pool, 'omdb', err.message));
      throw toActivityFailure(err);
    }
    if (movie) {
      const incomplete = omdbTooIncomplete(movie);
      if (incomplete)
        throw ApplicationFailure.nonRetryable(
          `omdb: response for ${imdbId} rejected: ${incomplete}`,
          FailureType.ProviderMalformed,
        );
    }
    const d = movie ? omdbData(movie) : null;
    await storeOmdb(pool, input.cacheId, d);
    return d ? { status: 'ok' } : { status: 'ok', reason: `OMDb does not know ${imdbId}` };
  }

  return { fetchFanart, fetchOmdb };
}

function quotaReport(answer: string, until: Date): ProviderReport {
  return { status: 'rate_limited', reason: `${answer} (daily limit: no OMDb request until ${until.toISOString()})` };
}
