// What batches ask of the database and of Temporal: which movies to enrich, whether a provider
// asked us to slow down, and that a bulk run is over.
import { Context } from '@temporalio/activity';
import { finishBulkRun as finishBulkRunRow } from '../db/bulk-runs.js';
import { batchMovies } from '../db/movies.js';
import { rateLimitedNow } from '../db/politeness.js';
import { finishBulkRunInput, selectBatchInput } from '../domain/activity-inputs.js';
import type { BatchMovie, BatchSelection } from '../domain/batch.js';
import { PROVIDER_TTL_MS } from '../domain/provider-ttl.js';
import { failedEnrichmentMovieIds } from '../lib/failed-enrichments.js';
import type { ActivityDeps } from './deps.js';
import { parseInput } from './input.js';

export function createBatchActivities({ pool, config }: ActivityDeps) {
  return {
    /** The movies a batch enriches, by id, each once. */
    async selectBatchMovies(raw: { selection: BatchSelection }): Promise<BatchMovie[]> {
      const { selection } = parseInput(selectBatchInput, raw);
      const { client } = Context.current();
      const failed = async () =>
        batchMovies(pool, {
          kind: 'movies',
          movieIds: await failedEnrichmentMovieIds(client, config.temporal.taskQueue),
        });
      let movies;
      switch (selection.kind) {
        case 'failed':
          movies = await failed();
          break;
        case 'stale': {
          const stale = await batchMovies(pool, {
            kind: 'stale',
            tmdbTtlMs: PROVIDER_TTL_MS.tmdb,
            artworkTtlMs: PROVIDER_TTL_MS['fanart.tv'],
          });
          const byId = new Map([...stale, ...(await failed())].map((m) => [m.id, m]));
          movies = [...byId.values()].sort((a, b) => a.id - b.id);
          break;
        }
        default:
          movies = await batchMovies(pool, selection);
      }
      return movies.map((m) => ({ movieId: m.id, film: m.film }));
    },

    /** The provider that asked us to wait longest, and until when (ISO); null when none did. */
    async providerRateLimit(): Promise<{ provider: string; until: string; reason: string } | null> {
      const limited = await rateLimitedNow(pool);
      return limited && { provider: limited.provider, until: limited.until.toISOString(), reason: limited.reason };
    },

    /** The bulk run is over: another may start. */
    async finishBulkRun(raw: { bulkRunId: number }): Promise<void> {
      const { bulkRunId } = parseInput(finishBulkRunInput, raw);
      await finishBulkRunRow(pool, bulkRunId);
    },
  };
}
