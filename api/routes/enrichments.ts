import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { enrichBody } from '../../domain/schemas.js';
import { EnrichmentStatusKey, EnrichmentTriggerKey, MovieIdKey } from '../../domain/search-attributes.js';
import { ENRICHMENT_STATUSES, TRIGGERS, type Trigger } from '../../domain/types.js';
import { FAILED_STATUSES } from '../../lib/failed-enrichments.js';
import { enrichMovie, progressQuery } from '../../workflows/index.js';
import { refuse } from '../admission.js';
import { enrichmentStarter, type StartOutcome } from '../enrichment-start.js';
import type { ApiDeps } from '../deps.js';
import { started, workflowView } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { invalidRequest, json, jsonBody, movieIdParams, notFound, router } from '../http.js';
import { listEnrichmentPage, type EnrichmentListItem } from '../workflow-list.js';
import { workflowView as viewOf } from '../workflow-status.js';

const start = createRoute({
  method: 'post',
  path: '/movies/{id}/enrich',
  summary: 'Start an enrichment of the movie',
  request: { params: movieIdParams, body: jsonBody(enrichBody, false) },
  responses: {
    202: { description: 'started', content: json(started) },
    404: errorResponse('no such movie'),
    409: errorResponse(
      'an enrichment of it is already running (its `workflowId`); with `{supersede: true}` a run only awaiting review is ended instead',
    ),
    429: errorResponse(
      'too many user-triggered enrichments in flight (`ENRICH_LIMIT_USER`): `{error, trigger, limit, inFlight}`, retry after `Retry-After` seconds',
    ),
    503: errorResponse('Temporal is unreachable: nothing was started, retry after `Retry-After` seconds'),
  },
});

const status = createRoute({
  method: 'get',
  path: '/enrichments/{workflowId}',
  summary: 'An enrichment or publish: its status, live progress, result or failure',
  request: { params: z.object({ workflowId: z.string().min(1).max(200) }) },
  responses: {
    200: { description: 'the workflow', content: json(workflowView) },
    404: errorResponse('no such workflow'),
  },
});

const enrichmentListItem = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    status: z.string().openapi({ description: "Temporal's: RUNNING, COMPLETED, FAILED, TERMINATED, TIMED_OUT, …" }),
    enrichmentStatus: z.string().nullable(),
    movieId: z.number().int().nullable(),
    trigger: z.string().nullable(),
    startTime: z.string(),
    closeTime: z.string().nullable(),
  })
  .openapi('EnrichmentListItem') satisfies z.ZodType<EnrichmentListItem>;

const list = createRoute({
  method: 'get',
  path: '/enrichments',
  summary: 'Enrichment runs, through Temporal visibility',
  request: {
    query: z.object({
      status: z.enum(ENRICHMENT_STATUSES).optional(),
      movieId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
      trigger: z.enum(TRIGGERS).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z
        .string()
        .max(2000)
        .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a cursor this API gave out')
        .optional()
        .openapi({ description: 'the `nextCursor` of the previous page' }),
    }),
  },
  responses: {
    200: {
      description:
        'one page (running first, then the most recently closed); `failed` includes terminated and timed-out runs',
      content: json(
        z
          .object({
            items: z.array(enrichmentListItem),
            total: z.number().int(),
            nextCursor: z.string().nullable(),
          })
          .openapi('EnrichmentList'),
      ),
    },
    400: errorResponse('names the invalid parameter (a cursor Temporal does not take included)'),
  },
});

const retry = createRoute({
  method: 'post',
  path: '/enrichments/{workflowId}/retry',
  summary: 'Start a fresh run of a failed, terminated or timed-out enrichment, with the same trigger',
  request: { params: z.object({ workflowId: z.string().min(1).max(200) }) },
  responses: {
    202: { description: 'started', content: json(started) },
    404: errorResponse('no such enrichment'),
    409: errorResponse('its last run did not fail, or one is running'),
    429: errorResponse('too many enrichments of its trigger in flight; retry after `Retry-After` seconds'),
    503: errorResponse('Temporal is unreachable; retry after `Retry-After` seconds'),
  },
});

const isTrigger = (t: unknown): t is Trigger => TRIGGERS.includes(t as Trigger);

/** How a start or a retry answers what the starter made of it. */
function answerStart(c: Context, outcome: StartOutcome, movieId: number) {
  switch (outcome.kind) {
    case 'no_movie':
      return c.json(notFound(`movie ${movieId}`), 404);
    case 'refused':
      return refuse(c, outcome.refusal);
    case 'running':
      return c.json(
        apiError(ErrorCode.Conflict, `an enrichment of movie ${movieId} is already running`, {
          workflowId: outcome.workflowId,
        }),
        409,
      );
    case 'started': {
      const { workflowId, runId, superseded } = outcome;
      return c.json({ workflowId, runId, ...(superseded ? { supersededRunId: superseded } : {}) }, 202);
    }
  }
}

export function enrichmentRoutes(deps: ApiDeps) {
  const { client, config } = deps;
  const startEnrichment = enrichmentStarter(deps);
  return router()
    .openapi(start, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const outcome = await startEnrichment(
        { movieId: id, trigger: 'user', force: body.force ?? false },
        { supersede: body.supersede ?? false },
      );
      return answerStart(c, outcome, id);
    })
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const clauses = [`WorkflowType = "${enrichMovie.name}"`, `TaskQueue = "${config.temporal.taskQueue}"`];
      if (q.status === 'failed') clauses.push(`ExecutionStatus IN ("Failed", "Terminated", "TimedOut")`);
      else if (q.status === 'running') clauses.push(`ExecutionStatus = "Running"`);
      else if (q.status) clauses.push(`${EnrichmentStatusKey.name} = "${q.status}"`);
      if (q.movieId !== undefined) clauses.push(`${MovieIdKey.name} = ${q.movieId}`);
      if (q.trigger !== undefined) clauses.push(`${EnrichmentTriggerKey.name} = "${q.trigger}"`);
      const query = clauses.join(' AND ');
      const [{ count: total }, page] = await Promise.all([
        client.workflow.count(query),
        listEnrichmentPage(client, config.apiKey!, query, q.limit, q.cursor),
      ]);
      if (page === 'invalid_cursor')
        return c.json(
          invalidRequest([{ field: 'cursor', message: 'not a cursor this API gave out for this filter' }]),
          400,
        );
      return c.json({ ...page, total }, 200);
    })
    .openapi(retry, async (c) => {
      const { workflowId } = c.req.valid('param');
      let description;
      try {
        description = await client.workflow.getHandle(workflowId).describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return c.json(notFound(`enrichment ${workflowId}`), 404);
        throw err;
      }
      const movieId = description.typedSearchAttributes.get(MovieIdKey);
      const trigger = description.typedSearchAttributes.get(EnrichmentTriggerKey);
      if (description.type !== enrichMovie.name || movieId === undefined || !isTrigger(trigger))
        return c.json(apiError(ErrorCode.NotFound, `${workflowId} is not an enrichment`), 404);
      if (!FAILED_STATUSES.includes(description.status.name))
        return c.json(
          apiError(
            ErrorCode.Conflict,
            `${workflowId} is ${description.status.name}: only a failed, terminated or timed-out enrichment is retried`,
          ),
          409,
        );
      const outcome = await startEnrichment({ movieId, trigger, force: false });
      return answerStart(c, outcome, movieId);
    })
    .openapi(status, async (c) => {
      const { workflowId } = c.req.valid('param');
      const view = await viewOf(client, workflowId, progressQuery);
      return view ? c.json(view, 200) : c.json(notFound(`enrichment ${workflowId}`), 404);
    });
}
