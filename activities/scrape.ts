import { ApplicationFailure, Context } from '@temporalio/activity';
import { movieIdentity, otherMovieWithId } from '../db/movies.js';
import { inTransaction, isUniqueViolation } from '../db/pool.js';
import { findCachedMovie, storeTmdbMovie } from '../db/provider-cache.js';
import { readSettings } from '../db/settings.js';
import { FailureType } from '../domain/failures.js';
import { identifyBySearch } from '../domain/identification.js';
import { isFresh } from '../domain/provider-ttl.js';
import { tmdbCacheRecord } from '../domain/tmdb.js';
import type { ScrapeOutcome, Trigger } from '../domain/types.js';
import { TmdbClient } from '../providers/tmdb.js';
import type { ActivityDeps } from './deps.js';
import { toActivityFailure } from './failures.js';
import { scrapeInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

/**
 * Two films stored at once may both add the same new genre or keyword, whose names are unique too:
 * the later insert fails on the name. Storing again then finds the row: no second TMDB request.
 */
async function storeRetryingConflicts<T>(store: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= attempts) throw err;
    }
  }
}

export function createScrapeActivities({ pool, config, gate }: ActivityDeps) {
  const tmdb = (language: string) => {
    if (!config.tmdb.apiKey)
      throw ApplicationFailure.nonRetryable(
        'TMDB_API_KEY is not set: the worker cannot reach TMDB',
        FailureType.ConfigMissing,
      );
    const client = new TmdbClient({
      ...config.tmdb,
      apiKey: config.tmdb.apiKey,
      language,
      maxBodyBytes: config.limits.providerBodyBytes,
    });
    // Every request passes the shared breaker and rate limiter; waiting for a slot heartbeats.
    const via = <T>(request: () => Promise<T>) =>
      gate.call('tmdb', request, (waitMs) => Context.current().heartbeat({ waitingForRateLimitMs: waitMs }));
    return {
      movie: (tmdbId: number) => via(() => client.movie(tmdbId)),
      findByImdbId: (id: string) => via(() => client.findByImdbId(id)),
      searchMovie: (q: string) => via(() => client.searchMovie(q)),
    };
  };

  /**
   * Identified as a film another live row already is (registered once by id and once by title,
   * say): recording would break the one-row-per-id rule, so the user decides.
   */
  async function duplicateOf(
    movieId: number,
    id: { tmdbId: number } | { imdbId: string },
  ): Promise<ScrapeOutcome | null> {
    const owner = await otherMovieWithId(pool, movieId, id);
    if (!owner) return null;
    const label = 'tmdbId' in id ? `TMDB ${id.tmdbId}` : `IMDb ${id.imdbId}`;
    return {
      status: 'needs_identification',
      reason: `${label} is already movie ${owner.id} ("${owner.title}"): a duplicate registration`,
    };
  }

  /**
   * Identifies the movie and makes sure fresh TMDB data is in the provider cache. Writes only
   * provider-cache tables; `movies` is written when the enrichment is recorded.
   */
  async function scrapeMovie(raw: { movieId: number; trigger: Trigger; force: boolean }): Promise<ScrapeOutcome> {
    const input = parseInput(scrapeInput, raw);
    const movie = await movieIdentity(pool, input.movieId);
    if (!movie)
      throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, FailureType.MovieNotFound);
    // Automation leaves unmonitored movies alone; a user's click still enriches.
    if (!movie.monitored && input.trigger !== 'user') return { status: 'unmonitored' };
    const { preferredLanguage } = (await readSettings(pool, config)).settings;

    try {
      let tmdbId = movie.tmdb_id;
      if (tmdbId === null && movie.imdb_id) {
        const found = await tmdb(preferredLanguage).findByImdbId(movie.imdb_id);
        if (!found[0])
          return { status: 'needs_identification', reason: `TMDB knows no movie with IMDb id ${movie.imdb_id}` };
        tmdbId = found[0].id;
      }
      if (tmdbId === null) {
        const match = identifyBySearch(movie.title, movie.year, await tmdb(preferredLanguage).searchMovie(movie.title));
        if (!match.ok) return { status: 'needs_identification', reason: match.reason };
        tmdbId = match.tmdbId;
      }

      const duplicate = await duplicateOf(movie.id, { tmdbId });
      if (duplicate) return duplicate;

      const cached = await findCachedMovie(pool, tmdbId);
      let outcome: ScrapeOutcome;
      if (cached && isFresh('tmdb', cached.tmdb_fetched_at, input.force))
        outcome = { status: 'ok', tmdbId, imdbId: cached.imdb_id, cacheId: cached.id, fetched: false };
      else {
        const record = tmdbCacheRecord(await tmdb(preferredLanguage).movie(tmdbId));
        const cacheId = await storeRetryingConflicts(() => inTransaction(pool, (tx) => storeTmdbMovie(tx, record)));
        outcome = { status: 'ok', tmdbId, imdbId: record.movie.imdbId, cacheId, fetched: true };
      }
      if (outcome.imdbId && outcome.imdbId !== movie.imdb_id)
        return (await duplicateOf(movie.id, { imdbId: outcome.imdbId })) ?? outcome;
      return outcome;
    } catch (err) {
      throw toActivityFailure(err);
    }
  }

  return { scrapeMovie };
}
