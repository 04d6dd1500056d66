import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
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
import { fanartInput, omdbInput, supplementaryInput } from '../domain/activity-inputs.js';
import {
  failureReport,
  finishedReports,
  SUPPLEMENTARY_PROVIDERS,
  type SupplementaryReports,
} from '../domain/supplementary.js';
import { unavailableResource } from './infrastructure.js';
import { parseInput } from './input.js';

/** Heartbeats while a request waits for its rate-limit slot. */
type Beat = (waitMs: number) => void;

/**
 * The supplementary providers, run after TMDB. Each writes only its own part of the provider cache,
 * in one transaction after its answer parsed, so a failure leaves nothing half-written; they run
 * side by side, and their failure never fails the item.
 */
export function createProviderActivities({ pool, config, gate }: ActivityDeps) {
  const heartbeat: Beat = (waitMs) => Context.current().heartbeat({ waitingForRateLimitMs: waitMs });

  async function fetchedAt(cacheId: number, provider: 'fanart.tv' | 'omdb'): Promise<Date | null> {
    const row = await supplementaryFetchedAt(pool, cacheId, provider);
    if (!row)
      throw ApplicationFailure.nonRetryable(`provider cache row ${cacheId} is gone`, FailureType.ProviderCacheMissing);
    return row.at;
  }

  async function askFanart(
    input: { cacheId: number; tmdbId: number; force: boolean },
    beat: Beat,
  ): Promise<ProviderReport> {
    const { apiKey, apiUrl, clientKey } = config.fanart;
    if (!apiKey) return { status: 'skipped', reason: 'disabled: FANART_API_KEY is not set' };
    const at = await fetchedAt(input.cacheId, 'fanart.tv');
    if (isFresh('fanart.tv', at, input.force)) return { status: 'skipped', reason: 'fresh cache' };
    const client = new FanartClient({ apiUrl, apiKey, clientKey, maxBodyBytes: config.limits.providerBodyBytes });
    let res;
    try {
      res = await gate.call('fanart.tv', () => client.movie(input.tmdbId), beat);
    } catch (err) {
      throw toActivityFailure(err);
    }
    const images = res ? fanartCacheImages(res) : [];
    await inTransaction(pool, (tx) => storeFanartImages(tx, input.cacheId, images, FANART_VOTE_AVERAGE));
    return res
      ? { status: 'ok', reason: `${images.length} images` }
      : { status: 'ok', reason: 'no artwork on Fanart.tv' };
  }

  async function askOmdb(
    input: { cacheId: number; imdbId: string | null; force: boolean },
    beat: Beat,
  ): Promise<ProviderReport> {
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
      movie = await gate.call('omdb', () => client.movie(imdbId), beat);
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

  async function fetchFanart(raw: { cacheId: number; tmdbId: number; force: boolean }): Promise<ProviderReport> {
    return askFanart(parseInput(fanartInput, raw), heartbeat);
  }

  async function fetchOmdb(raw: { cacheId: number; imdbId: string | null; force: boolean }): Promise<ProviderReport> {
    return askOmdb(parseInput(omdbInput, raw), heartbeat);
  }

  /**
   * Fanart.tv and OMDb side by side in one step of the run. A provider whose failure a retry may
   * fix makes the attempt fail, and the next attempt asks only the providers still without a
   * report (the finished ones ride in the heartbeat details). A failure no retry fixes, and any
   * failure on the last attempt, becomes that provider's report. An unavailable database or cache
   * volume fails the attempt as it is, for the workflow to wait out.
   */
  async function fetchSupplementary(raw: {
    cacheId: number;
    tmdbId: number;
    imdbId: string | null;
    force: boolean;
  }): Promise<SupplementaryReports> {
    const input = parseInput(supplementaryInput, raw);
    const activity = Context.current();
    const reports = finishedReports(activity.info.heartbeatDetails);
    const beat: Beat = (waitMs) => activity.heartbeat({ waitingForRateLimitMs: waitMs, reports });
    const maxAttempts = activity.info.retryPolicy?.maximumAttempts ?? 0;
    const lastAttempt = maxAttempts > 0 && activity.info.attempt >= maxAttempts;
    const ask = { 'fanart.tv': () => askFanart(input, beat), omdb: () => askOmdb(input, beat) };
    const asked = SUPPLEMENTARY_PROVIDERS.filter((name) => !reports[name]);
    const settled = await Promise.allSettled(asked.map((name) => ask[name]()));
    const retry: Error[] = [];
    for (const [i, outcome] of settled.entries()) {
      const name = asked[i]!;
      if (outcome.status === 'fulfilled') {
        reports[name] = outcome.value;
        continue;
      }
      // Cancelled, or our own infrastructure away: the attempt ends as that, not as a provider's failure.
      if (outcome.reason instanceof CancelledFailure) throw outcome.reason;
      const err = toActivityFailure(outcome.reason);
      if (await unavailableResource(err, { pool, cacheDir: config.cacheDir })) throw err;
      const failure = err instanceof Error ? err : new Error(String(err));
      const final = lastAttempt || (failure instanceof ApplicationFailure && failure.nonRetryable);
      if (final)
        reports[name] = failureReport(
          failure instanceof ApplicationFailure ? failure.type : undefined,
          failure.message,
        );
      else retry.push(failure);
    }
    if (retry.length === 0) return reports as SupplementaryReports;
    // Sent before failing: the next attempt reads what this one finished.
    activity.heartbeat({ reports });
    // A Retry-After (set in milliseconds by `toActivityFailure`): the longest one is waited for.
    const waitMs = Math.max(
      0,
      ...retry.map((failure) =>
        failure instanceof ApplicationFailure && typeof failure.nextRetryDelay === 'number'
          ? failure.nextRetryDelay
          : 0,
      ),
    );
    const first = retry[0]!;
    throw ApplicationFailure.create({
      // Each message names its provider already (`fanart.tv: GET …`).
      message: retry.map((failure) => failure.message).join('; '),
      type: first instanceof ApplicationFailure ? (first.type ?? undefined) : undefined,
      ...(waitMs > 0 ? { nextRetryDelay: waitMs } : {}),
    });
  }

  return { fetchFanart, fetchOmdb, fetchSupplementary };
}

function quotaReport(answer: string, until: Date): ProviderReport {
  return { status: 'rate_limited', reason: `${answer} (daily limit: no OMDb request until ${until.toISOString()})` };
}
