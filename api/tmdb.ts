// TMDB for the API's interactive reads: the identify dialog's search and checking an id before a
// re-identification. The API calls TMDB itself rather than through an activity: a person waits for
// one small answer, which a Temporal round trip would only delay (queued behind bulk runs'
// activities) without making it durable in any useful way. Every request still passes the shared
// gate the workers use (breaker, rate limiter, a 429's hold), so the API never asks TMDB more than
// the limits allow; it only refuses to wait long for a slot.
import type { Context } from 'hono';
import { readSettings } from '../db/settings.js';
import { ProviderGate } from '../providers/gate.js';
import { ProviderError } from '../providers/errors.js';
import { TmdbClient } from '../providers/tmdb.js';
import type { ApiDeps } from './deps.js';
import { apiError, ErrorCode } from './errors.js';

/** A person waits at most this long for a rate-limit slot before being told when to come back. */
const MAX_WAIT_MS = 5_000;
/** TMDB failing, its breaker open or its key missing: about when asking again may help. */
const RETRY_AFTER_S = 30;

/**
 * TMDB cannot answer now: 429 when only its rate limit stands in the way, 503 when it fails (or its
 * breaker is open, or no key is set). Either way the request should be retried after `retryAfterSeconds`.
 */
export class TmdbRefusal extends Error {
  constructor(
    readonly status: 429 | 503,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The answer a route gives when TMDB cannot answer, with its Retry-After. */
export function refuseTmdb(c: Context, err: TmdbRefusal) {
  c.header('Retry-After', String(err.retryAfterSeconds));
  const code = err.status === 429 ? ErrorCode.RateLimited : ErrorCode.Unavailable;
  return c.json(
    apiError(code, err.message, { provider: 'tmdb', retryAfterSeconds: err.retryAfterSeconds }),
    err.status,
  );
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function interactiveTmdb({ pool, config }: ApiDeps) {
  const gate = new ProviderGate(pool, config.rateLimits);
  const apiKey = config.tmdb.apiKey;
  // The language here only serves the id check, which needs none: a search names the one in force.
  const client = apiKey
    ? new TmdbClient({
        ...config.tmdb,
        apiKey,
        language: config.preferredLanguage,
        maxBodyBytes: config.limits.providerBodyBytes,
      })
    : undefined;

  /** One request through the gate; every failure of TMDB or of its client becomes `TmdbRefusal`. */
  const via = async <T>(request: (tmdb: TmdbClient) => Promise<T>): Promise<T> => {
    if (!client) throw new TmdbRefusal(503, 'TMDB_API_KEY is not set: the API cannot reach TMDB', RETRY_AFTER_S);
    const started = Date.now();
    try {
      // Thrown from the wait callback, before a slot is taken: nothing to release.
      return await gate.call(
        'tmdb',
        () =>
          request(client).catch((err: unknown) => {
            if (err instanceof ProviderError) throw err;
            // An answer the client could not use: TMDB's doing as far as the caller can tell.
            console.error(
              `[api] TMDB request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
            );
            throw new TmdbRefusal(503, 'TMDB gave an answer that could not be used', RETRY_AFTER_S);
          }),
        (waitMs) => {
          if (Date.now() - started + waitMs > MAX_WAIT_MS)
            throw new TmdbRefusal(429, "TMDB's rate limit is reached; try again shortly", seconds(waitMs));
        },
      );
    } catch (err) {
      // The gate's own failures (the database) are the API's to answer.
      if (!(err instanceof ProviderError)) throw err;
      if (err.kind === 'rate_limited')
        throw new TmdbRefusal(
          429,
          `TMDB's rate limit is reached: ${err.message}`,
          err.retryAfterMs === undefined ? RETRY_AFTER_S : seconds(err.retryAfterMs),
        );
      throw new TmdbRefusal(503, `TMDB is unavailable: ${err.message}`, RETRY_AFTER_S);
    }
  };

  return {
    /**
     * TMDB's first page for the words alone, in the preferred language in force: a year would make
     * TMDB drop films whose release year differs by one (a festival premiere, another country
     * first), so it only weighs the score.
     */
    async search(q: string) {
      const { preferredLanguage } = (await readSettings(pool, config)).settings;
      return via((tmdb) => tmdb.searchMovie(q, { language: preferredLanguage }));
    },
    /** Whether TMDB knows a movie with this id. */
    knows: (tmdbId: number): Promise<boolean> =>
      via((tmdb) =>
        tmdb.movie(tmdbId).then(
          () => true,
          (err: unknown) => {
            if (err instanceof ProviderError && err.kind === 'not_found') return false;
            throw err;
          },
        ),
      ),
    thumbnailUrl: (posterPath: string) => client?.thumbnailUrl(posterPath) ?? null,
  };
}
