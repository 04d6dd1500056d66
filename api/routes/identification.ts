// Identification, as in Radarr's or tinyMediaManager's identify dialog: search TMDB for the film
// (by default with the movie's own title and year, which lists the best guesses for a movie that
// needs identification), then pick one. Picking re-identifies the movie: what the old film supplied
// goes, what the user locked stays, and an enrichment of the new film starts at once.
import { createRoute } from '@hono/zod-openapi';
import { resetIdentity } from '../../db/identification.js';
import { findMovie, lockMovie, otherMovieWithId } from '../../db/movies.js';
import { inTransaction, isUniqueViolation } from '../../db/pool.js';
import { rankSearchResults, reidentification } from '../../domain/identification.js';
import { identifyBody, identifyResponse, searchQuery, searchResponse } from '../../domain/identification-schemas.js';
import { enrichWorkflowId } from '../../domain/workflow-ids.js';
import { releaseUnreferenced, removeUnrecordedFiles } from '../../storage/blob-store.js';
import { refuse, temporalUnavailable, temporalUnreachable } from '../admission.js';
import type { ApiDeps } from '../deps.js';
import { enrichmentStarter, supersedeAwaitingReview } from '../enrichment-start.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { jsonBody, movieIdParams, notFound, router } from '../http.js';
import { interactiveTmdb, refuseTmdb, TmdbRefusal } from '../tmdb.js';
import { workflowRunning } from '../workflow-status.js';

const search = createRoute({
  method: 'get',
  path: '/movies/{id}/search',
  summary: 'Search TMDB for the film this movie is, each result scored against the query',
  description:
    'Without `q`, the movie’s own title and year are searched: for a movie whose identification_status is ' +
    '`needs_identification` these are its best guesses. Results come best first, scored 0–100 on title and year.',
  request: { params: movieIdParams, query: searchQuery },
  responses: {
    200: {
      description: 'the results, best match first',
      content: { 'application/json': { schema: searchResponse.openapi('MovieSearch') } },
    },
    400: errorResponse('names the bad parameter'),
    404: errorResponse('no such movie'),
    429: errorResponse("TMDB's rate limit is reached (`details.provider`: `tmdb`): retry after `Retry-After` seconds"),
    503: errorResponse('TMDB is unavailable (failing, or its breaker open): retry after `Retry-After` seconds'),
  },
});

const identify = createRoute({
  method: 'post',
  path: '/movies/{id}/identify',
  summary: 'Re-identify the movie as another TMDB film and enrich it as that film',
  description:
    'The movie takes `tmdbId` (its IMDb id goes: the new film’s comes with the enrichment). What the old film ' +
    'supplied goes: unlocked fields, lists and cast, and the candidates, selection and cached images of every ' +
    'artwork type not locked. Locked fields, lists and artwork types stay. An enrichment (trigger `user`, ' +
    'forced) starts at once; a run that only awaits review gives way to it.',
  request: { params: movieIdParams, body: jsonBody(identifyBody) },
  responses: {
    202: {
      description: 're-identified; its enrichment started',
      content: { 'application/json': { schema: identifyResponse.openapi('Identification') } },
    },
    400: errorResponse('names the bad field'),
    404: errorResponse('no such movie'),
    409: errorResponse(
      'another movie is that film (`details.movieId`), or an enrichment of this one is running (`details.workflowId`)',
    ),
    422: errorResponse('TMDB knows no movie with that id; nothing was changed'),
    429: errorResponse(
      "TMDB's rate limit is reached (`details.provider`: `tmdb`; nothing was changed), or too many " +
        'user-triggered enrichments are in flight (`details.trigger`; re-identified, but its enrichment did ' +
        'not start): retry after `Retry-After` seconds',
    ),
    503: errorResponse(
      'TMDB or Temporal is unavailable: retry after `Retry-After` seconds. Nothing was changed, unless Temporal ' +
        'failed only as the enrichment was to start (re-identified, but not enriched)',
    ),
  },
});

/** The old identity's run is doing more than awaiting a review: the re-identification is rolled back. */
class StillRunning extends Error {}

export function identificationRoutes(deps: ApiDeps) {
  const { pool, client } = deps;
  const tmdb = interactiveTmdb(deps);
  const startEnrichment = enrichmentStarter(deps);
  return router()
    .openapi(search, async (c) => {
      const { id } = c.req.valid('param');
      const asked = c.req.valid('query');
      const movie = await findMovie(pool, id);
      if (!movie) return c.json(notFound(`movie ${id}`), 404);
      const query =
        asked.q === undefined
          ? { title: movie.title as string, year: asked.year ?? (movie.year as number | null) }
          : { title: asked.q, year: asked.year ?? null };
      let found;
      try {
        found = await tmdb.search(query.title);
      } catch (err) {
        if (err instanceof TmdbRefusal) return refuseTmdb(c, err);
        throw err;
      }
      const results = rankSearchResults(query, found).map(({ posterPath, ...r }) => ({
        ...r,
        posterUrl: posterPath === null ? null : tmdb.thumbnailUrl(posterPath),
      }));
      return c.json({ movieId: id, query: { q: query.title, year: query.year }, results }, 200);
    })
    .openapi(identify, async (c) => {
      const { id } = c.req.valid('param');
      const { tmdbId } = c.req.valid('json');
      if (!(await findMovie(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const duplicate = async () => {
        const owner = await otherMovieWithId(pool, id, { tmdbId });
        return owner
          ? c.json(
              apiError(ErrorCode.Conflict, `TMDB ${tmdbId} is already movie ${owner.id} ("${owner.title}")`, {
                movieId: owner.id,
              }),
              409,
            )
          : undefined;
      };
      const taken = await duplicate();
      if (taken) return taken;
      const workflowId = enrichWorkflowId(id);
      const running = await workflowRunning(client, workflowId);
      try {
        if (!(await tmdb.knows(tmdbId)))
          return c.json(apiError(ErrorCode.Unprocessable, `TMDB knows no movie with id ${tmdbId}`, { tmdbId }), 422);
      } catch (err) {
        if (err instanceof TmdbRefusal) return refuseTmdb(c, err);
        throw err;
      }

      // The identity changes only once no run of the old one can record any more: a run that only
      // waits for a review gives way, any other makes this a conflict. It is asked only once the new
      // identity is written (no other movie is that film), and that commits only once it gave way: a
      // conflict after superseding would leave the movie with no run. A superseded run touches no
      // rows, and the wait is bounded by the supersede deadline.
      let superseded: string | undefined;
      let released: string[] | null;
      try {
        released = await inTransaction(pool, async (tx) => {
          const row = await lockMovie(tx, id);
          if (!row) return null;
          const hashes = await resetIdentity(tx, id, tmdbId, reidentification(row));
          if (running) {
            superseded = await supersedeAwaitingReview(client, workflowId, 'user');
            if (!superseded) throw new StillRunning();
          }
          return releaseUnreferenced(tx, hashes);
        });
      } catch (err) {
        if (err instanceof StillRunning)
          return c.json(apiError(ErrorCode.Conflict, `an enrichment of movie ${id} is running`, { workflowId }), 409);
        if (temporalUnreachable(err))
          return temporalUnavailable(c, 'Temporal is unavailable: nothing was changed; try again shortly');
        // Another movie took the id since it was checked.
        const answer = isUniqueViolation(err) ? await duplicate() : undefined;
        if (answer) return answer;
        throw err;
      }
      if (released === null) return c.json(notFound(`movie ${id}`), 404);
      // Only after the commit; files left behind are orphans the cache checker reports and repairs.
      await removeUnrecordedFiles(pool, released).catch((err: unknown) =>
        console.error(`[api] movie ${id}: released cache files not removed: ${String(err)}`),
      );

      const outcome = await startEnrichment({ movieId: id, trigger: 'user', force: true });
      switch (outcome.kind) {
        case 'no_movie':
          return c.json(notFound(`movie ${id}`), 404);
        case 'refused':
          return refuse(c, outcome.refusal);
        case 'running':
          // Someone else started one in between (a webhook, say).
          return c.json(
            apiError(ErrorCode.Conflict, `movie ${id} was re-identified; an enrichment of it is already running`, {
              workflowId: outcome.workflowId,
            }),
            409,
          );
        case 'started':
          return c.json(
            {
              movieId: id,
              tmdbId,
              workflowId: outcome.workflowId,
              runId: outcome.runId,
              ...(superseded ? { supersededRunId: superseded } : {}),
            },
            202,
          );
      }
    });
}
