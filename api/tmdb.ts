// TMDB for the API's interactive reads: the identify dialog's search and checking an id before a
// re-identification. The API calls TMDB itself rather than through an activity: a person waits for
// one small answer, which a Temporal round trip would only delay (queued behind bulk runs'
// activities) without making it durable in any useful way. Every request still passes the shared
// gate the workers use (breaker, rate limiter, a 429's hold), so the API never asks TMDB more than
// the limits allow; it only refuses to wait long for a slot.
import type { Context } from 'hono';
import { ProviderGate } from '../providers/gate.js';
import { ProviderError } from '../providers/errors.js';
import { TmdbClient } from '../providers/tmdb.js';
import type { ApiDeps } from './deps.js';
import { apiError, ErrorCode } from './errors.js';

/** A person waits at most this long for a rate-limit slot before being told when to come back. */
const MAX_WAIT_MS = 5_000;
/** TMDB failing, its breaker open or its key missing: about when asking again may help. */
const RETRY_AFTER_S = 30;

/** TMDB cannot answer now: the request should be retried after `retryAfterSeconds`. */
export class TmdbUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The 503 a route answers when TMDB is unavailable, with its Retry-After. */
export function tmdbUnavailable(c: Context, err: TmdbUnavailable) {
  c.header('Retry-After', String(err.retryAfterSeconds));
  return c.json(
    apiError(ErrorCode.Unavailable, err.message, { provider: 'tmdb', retryAfterSeconds: err.retryAfterSeconds }),
    503,
  );
}

export function interactiveTmdb({ pool, config }: ApiDeps) {
  const gate = new ProviderGate(pool, config.rateLimits);
  const apiKey = config.tmdb.apiKey;
  const client = apiKey
    ? new TmdbClient({
        ...config.tmdb,
        apiKey,
        language: config.preferredLanguage,
        maxBodyBytes: config.limits.providerBodyBytes,
      })
    : undefined;

  /** One request through the gate; every failure but a 404 becomes `TmdbUnavailable`. */
  const via = async <T>(request: (tmdb: TmdbClient) => Promise<T>): Promise<T> => {
    if (!client) throw new TmdbUnavailable('TMDB_API_KEY is not set: the API cannot reach TMDB', RETRY_AFTER_S);
    const started = Date.now();
    try {
      // Thrown from the wait callback, before a slot is taken: nothing to release.
      return await gate.call(
        'tmdb',
        () => request(client),
        (waitMs) => {
          if (Date.now() - started + waitMs > MAX_WAIT_MS)
            throw new TmdbUnavailable(
              "TMDB's rate limit is reached; try again shortly",
              Math.max(1, Math.ceil(waitMs / 1000)),
            );
        },
      );
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind === 'not_found') throw err;
      const retryAfterMs = err.kind === 'rate_limited' ? err.retryAfterMs : undefined;
      throw new TmdbUnavailable(
        `TMDB is unavailable: ${err.message}`,
        retryAfterMs === undefined ? RETRY_AFTER_S : Math.max(1, Math.ceil(retryAfterMs / 1000)),
      );
    }
  };

  return {
    /**
     * TMDB's first page for the words alone: a year would make TMDB drop films whose release year
     * differs by one (a festival premiere, another country first), so it only weighs the score.
     */
    search: (q: string) => via((tmdb) => tmdb.searchMovie(q)),
    /** Whether TMDB knows a movie with this id. */
    async knows(tmdbId: number): Promise<boolean> {
      try {
        await via((tmdb) => tmdb.movie(tmdbId));
        return true;
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'not_found') return false;
        throw err;
      }
    },
    thumbnailUrl: (posterPath: string) => client?.thumbnailUrl(posterPath) ?? null,
  };
}
