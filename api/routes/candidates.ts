// Artwork control: a movie's candidates with their rank and state; the user's pick (made the type's
// first and locked, through the `selectArtwork` workflow), blocking and unblocking a candidate, and
// resetting a type to the enrichment's choice.
import { createRoute, z } from '@hono/zod-openapi';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { candidateList, findCandidate, setBlocked, type CandidateListRow } from '../../db/candidates.js';
import { movieExists, setLocks } from '../../db/movies.js';
import { FailureType } from '../../domain/failures.js';
import { PRIORITY } from '../../domain/priority.js';
import { idParam } from '../../domain/schemas.js';
import { EnrichmentStatusKey, MovieIdKey } from '../../domain/search-attributes.js';
import { ASSET_TYPES } from '../../domain/types.js';
import { enrichWorkflowId, selectArtworkWorkflowId } from '../../domain/workflow-ids.js';
import { removeUnrecordedFiles } from '../../storage/blob-store.js';
import { blockCandidate } from '../../storage/selection.js';
import { selectArtwork } from '../../workflows/index.js';
import { enrichmentStarter } from '../enrichment-start.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { movieIdParams, notFound, router } from '../http.js';

const STATES = ['selected', 'duplicate', 'failed', 'blocked', 'downloaded', 'unselected', 'not_fetched'] as const;

const candidateSchema = z
  .object({
    id: z.number().int(),
    movieId: z.number().int(),
    assetType: z.enum(ASSET_TYPES),
    provider: z.string(),
    providerUrl: z.string(),
    url: z.string().openapi({
      description: 'where to view it: `/api/cache/{sha256}` when its bytes are cached, else the provider’s URL',
    }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    fileSize: z.number().int().nullable(),
    language: z.string().nullable(),
    score: z.number().int().nullable(),
    rank: z.number().int().openapi({ description: 'within its type, by score then id; 1 is the best' }),
    state: z.enum(STATES).openapi({
      description:
        '`blocked` (never chosen again), `selected`, `duplicate` (of `duplicate`), `failed` (its last download, `reason`), ' +
        '`downloaded` (in the cache, not selected), `unselected` (downloaded once, no longer cached), `not_fetched` (never downloaded)',
    }),
    selectedBy: z.enum(['auto', 'user']).nullable(),
    sha256: z.string().nullable().openapi({ description: 'of its bytes, once downloaded' }),
    reason: z.string().nullable().openapi({ description: 'why it was rejected, or why its last download failed' }),
    duplicate: z
      .object({
        sha256: z.string(),
        candidateId: z.number().int().nullable().openapi({ description: 'the candidate holding that image, if known' }),
        distance: z.number().int().nullable().openapi({ description: 'pHash distance; 0 for identical bytes' }),
      })
      .nullable(),
  })
  .openapi('Candidate');

const candidateListSchema = z
  .object({ movieId: z.number().int(), candidates: z.array(candidateSchema) })
  .openapi('CandidateList');

const selectResultSchema = z
  .object({
    movieId: z.number().int(),
    candidateId: z.number().int(),
    assetType: z.enum(ASSET_TYPES),
    downloaded: z.boolean().openapi({ description: 'whether its bytes had to be downloaded first' }),
    selection: z.array(z.number().int()).openapi({ description: 'the type’s selection now, in publishing order' }),
    locked: z.literal(true),
    candidate: candidateSchema,
  })
  .openapi('ArtworkSelection');

const startedSchema = z.object({ workflowId: z.string(), runId: z.string() }).openapi('ArtworkRunStarted');

/** How long a pick may run in all: a download with its retries, a short wait for the database. */
const PICK_TIMEOUT = '5 minutes';
/** How long the request waits for the pick before it answers 202 with the run to follow. */
const PICK_WAIT_MS = 60_000;

const candidateParams = z.object({ id: idParam });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const list = createRoute({
  method: 'get',
  path: '/movies/{id}/candidates',
  summary: 'Every artwork candidate of the movie (optionally of one type) with its rank and state',
  request: { params: movieIdParams, query: z.object({ type: z.enum(ASSET_TYPES).optional() }) },
  responses: {
    200: json(candidateListSchema, 'the candidates, by type then rank'),
    400: errorResponse('an invalid id or type'),
    404: errorResponse('no such movie'),
  },
});

const select = createRoute({
  method: 'post',
  path: '/candidates/{id}/select',
  summary: 'Make this candidate its type’s first pick (downloaded if not cached) and lock the type',
  description:
    'The rest of the selection follows it, as far as the type’s limit reaches; publishing names it first (`poster.jpg`). ' +
    `A pick not done within ${PICK_WAIT_MS / 1000} s is answered 202: its status and result are at \`GET /api/enrichments/{workflowId}\`.`,
  request: { params: candidateParams },
  responses: {
    200: json(selectResultSchema, 'selected; the type is locked'),
    202: json(startedSchema, 'the pick is still running: follow it at `GET /api/enrichments/{workflowId}`'),
    400: errorResponse('an invalid id'),
    404: errorResponse('no such candidate'),
    409: errorResponse(
      'the candidate is blocked or its type disabled, an enrichment of the movie is running (when it awaits review, pick through the review), or another pick of it is running',
    ),
    422: errorResponse('the candidate could not be downloaded or used'),
  },
});

const block = createRoute({
  method: 'post',
  path: '/candidates/{id}/block',
  summary: 'Block a candidate: never chosen again; a selected one leaves the selection',
  request: { params: candidateParams },
  responses: {
    200: json(candidateSchema, 'blocked'),
    400: errorResponse('an invalid id'),
    404: errorResponse('no such candidate'),
    409: errorResponse('an enrichment of the movie is running'),
  },
});

const unblock = createRoute({
  method: 'post',
  path: '/candidates/{id}/unblock',
  summary: 'Unblock a candidate: enrichment and picks may choose it again',
  request: { params: candidateParams },
  responses: {
    200: json(candidateSchema, 'unblocked'),
    400: errorResponse('an invalid id'),
    404: errorResponse('no such candidate'),
  },
});

const reset = createRoute({
  method: 'post',
  path: '/movies/{id}/assets/{type}/reset',
  summary: 'Unlock an artwork type and start an enrichment that chooses it afresh',
  description: 'Its status and result are at `GET /api/enrichments/{workflowId}`.',
  request: { params: movieIdParams.extend({ type: z.enum(ASSET_TYPES) }) },
  responses: {
    202: json(startedSchema, 'unlocked; the enrichment started'),
    400: errorResponse('an invalid id or type'),
    404: errorResponse('no such movie'),
    409: errorResponse('an enrichment of the movie is running or awaits review'),
    429: errorResponse('unlocked, but too many enrichments are in flight: retry after `Retry-After` seconds'),
    503: errorResponse('unlocked, but Temporal is unreachable: retry after `Retry-After` seconds'),
  },
});

/** The movie's enrichment, when one is open: running, or only awaiting the user's review. */
async function openEnrichment(
  client: Client,
  movieId: number,
): Promise<{ workflowId: string; awaitingReview: boolean } | undefined> {
  const workflowId = enrichWorkflowId(movieId);
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    if (d.status.name !== 'RUNNING') return undefined;
    return { workflowId, awaitingReview: d.typedSearchAttributes.get(EnrichmentStatusKey) === 'awaiting_review' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

const view = (row: CandidateListRow) => ({
  id: row.id,
  movieId: row.movieId,
  assetType: row.assetType,
  provider: row.provider,
  providerUrl: row.providerUrl,
  url: row.cached && row.sha256 ? `/api/cache/${row.sha256}` : row.providerUrl,
  width: row.width,
  height: row.height,
  fileSize: row.fileSize,
  language: row.language,
  score: row.score,
  rank: row.rank,
  state: row.state,
  selectedBy: row.selectedBy,
  sha256: row.sha256,
  reason: row.reason,
  duplicate: row.duplicateOf
    ? { sha256: row.duplicateOf, candidateId: row.duplicateOfCandidate, distance: row.duplicateDistance }
    : null,
});

export function candidateRoutes(deps: ApiDeps) {
  const { pool, client, config } = deps;
  const startEnrichment = enrichmentStarter(deps);

  const candidateView = async (movieId: number, candidateId: number) =>
    view((await candidateList(pool, movieId, { candidateId }))[0]!);

  const busy = (movieId: number, open: { workflowId: string; awaitingReview: boolean }) =>
    apiError(
      ErrorCode.Conflict,
      open.awaitingReview
        ? `an enrichment of movie ${movieId} awaits review: pick through POST /api/movies/${movieId}/review, or review it first`
        : `an enrichment of movie ${movieId} is running: try again when it has finished`,
      { workflowId: open.workflowId },
    );

  return router()
    .openapi(list, async (c) => {
      const { id } = c.req.valid('param');
      const { type } = c.req.valid('query');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const rows = await candidateList(pool, id, { assetType: type });
      return c.json({ movieId: id, candidates: rows.map(view) }, 200);
    })
    .openapi(select, async (c) => {
      const { id } = c.req.valid('param');
      const candidate = await findCandidate(pool, id);
      if (!candidate) return c.json(notFound(`candidate ${id}`), 404);
      const { movieId } = candidate;
      if (candidate.blocked)
        return c.json(apiError(ErrorCode.Conflict, `candidate ${id} is blocked: unblock it to pick it`), 409);
      const open = await openEnrichment(client, movieId);
      if (open) return c.json(busy(movieId, open), 409);
      // A deadline on the waiting only: the run goes on past it, and the client follows it.
      const deadline = Date.now() + PICK_WAIT_MS;
      let run: { workflowId: string; runId: string } | undefined;
      try {
        const handle = await client.workflow.start(selectArtwork, {
          workflowId: selectArtworkWorkflowId(movieId),
          taskQueue: config.temporal.taskQueue,
          args: [{ movieId, candidateId: id }],
          workflowExecutionTimeout: PICK_TIMEOUT,
          priority: { priorityKey: PRIORITY.user },
          typedSearchAttributes: [{ key: MovieIdKey, value: movieId }],
        });
        run = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
        const result = await client.withDeadline(deadline, () => handle.result());
        return c.json({ ...result, locked: true as const, candidate: await candidateView(movieId, id) }, 200);
      } catch (err) {
        if (run && Date.now() >= deadline) return c.json(run, 202);
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          return c.json(
            apiError(ErrorCode.Conflict, `another pick for movie ${movieId} is running`, {
              workflowId: err.workflowId,
            }),
            409,
          );
        const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
        if (!(cause instanceof ApplicationFailure)) throw err;
        if (cause.type === FailureType.MovieNotFound) return c.json(notFound(`movie ${movieId}`), 404);
        if (cause.type === FailureType.PickRefused) return c.json(apiError(ErrorCode.Conflict, cause.message), 409);
        if (cause.type === FailureType.InfrastructureUnavailable) throw err;
        // The candidate's own failure: a download refused or failed, bytes that would not decode.
        return c.json(apiError(ErrorCode.Unprocessable, cause.message, { candidateId: id }), 422);
      }
    })
    .openapi(block, async (c) => {
      const { id } = c.req.valid('param');
      const candidate = await findCandidate(pool, id);
      if (!candidate) return c.json(notFound(`candidate ${id}`), 404);
      const { movieId, assetType } = candidate;
      // A run would record what its walk chose, this candidate perhaps; a run awaiting review is
      // recorded already, and its picks refuse a blocked candidate.
      const open = await openEnrichment(client, movieId);
      if (open && !open.awaitingReview) return c.json(busy(movieId, open), 409);
      const released = await blockCandidate(pool, { id, movieId, assetType });
      if (!released) return c.json(notFound(`candidate ${id}`), 404);
      // After the commit; a file left behind is an orphan the checker reports and `--repair` removes.
      await removeUnrecordedFiles(pool, released).catch((err: unknown) =>
        console.warn(`[api] released cache files not removed: ${released.join(', ')}: ${String(err)}`),
      );
      return c.json(await candidateView(movieId, id), 200);
    })
    .openapi(unblock, async (c) => {
      const { id } = c.req.valid('param');
      const candidate = await findCandidate(pool, id);
      if (!candidate) return c.json(notFound(`candidate ${id}`), 404);
      await setBlocked(pool, id, false);
      return c.json(await candidateView(candidate.movieId, id), 200);
    })
    .openapi(reset, async (c) => {
      const { id, type } = c.req.valid('param');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const open = await openEnrichment(client, id);
      if (open) return c.json(busy(id, open), 409);
      // The walk leaves a locked type alone; unlocked, it chooses the type afresh from the ranked
      // candidates (the user's picks included, rejected duplicates and blocked ones not).
      if (!(await setLocks(pool, id, [], [type]))) return c.json(notFound(`movie ${id}`), 404);
      const outcome = await startEnrichment({ movieId: id, trigger: 'user', force: false });
      switch (outcome.kind) {
        case 'started':
          return c.json({ workflowId: outcome.workflowId, runId: outcome.runId }, 202);
        case 'no_movie':
          return c.json(notFound(`movie ${id}`), 404);
        case 'running':
          return c.json(busy(id, { workflowId: outcome.workflowId, awaitingReview: false }), 409);
        case 'refused':
          c.header('Retry-After', String(outcome.refusal.retryAfterSeconds));
          return c.json(outcome.refusal.body, outcome.refusal.status);
      }
    });
}
