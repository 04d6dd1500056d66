import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { enrichBody } from '../../domain/schemas.js';
import { EnrichmentStatusKey, EnrichmentTriggerKey, MovieIdKey } from '../../domain/search-attributes.js';
import { TRIGGERS, type Trigger } from '../../domain/types.js';
import { FAILED_STATUSES } from '../../lib/failed-enrichments.js';
import { enrichMovie, progressQuery } from '../../workflows/index.js';
import { refuse } from '../admission.js';
import { enrichmentStarter, type StartOutcome } from '../enrichment-start.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode } from '../errors.js';
import { jsonBody, movieIdParams, notFound, router } from '../http.js';
import { workflowView } from '../workflow-status.js';

const start = createRoute({
  method: 'post',
  path: '/movies/{id}/enrich',
  summary: 'Start an enrichment of the movie',
  request: { params: movieIdParams, body: jsonBody(enrichBody, false) },
  responses: {
    202: { description: 'started: `{workflowId, runId}`' },
    404: { description: 'no such movie' },
    409: {
      description:
        'an enrichment of it is already running (its `workflowId`); with `{supersede: true}` a run only awaiting review is ended instead',
    },
    429: {
      description:
        'too many user-triggered enrichments in flight (`ENRICH_LIMIT_USER`): `{error, trigger, limit, inFlight}`, retry after `Retry-After` seconds',
    },
    503: { description: 'Temporal is unreachable: nothing was started, retry after `Retry-After` seconds' },
  },
});

const status = createRoute({
  method: 'get',
  path: '/enrichments/{workflowId}',
  summary: 'An enrichment or publish: its status, live progress, result or failure',
  request: { params: z.object({ workflowId: z.string().min(1).max(200) }) },
  responses: { 200: { description: 'the workflow' }, 404: { description: 'no such workflow' } },
});

const list = createRoute({
  method: 'get',
  path: '/enrichments',
  summary: 'Enrichment runs, newest first, through Temporal visibility',
  request: {
    query: z.object({
      status: z
        .enum(['running', 'awaiting_review', 'published', 'enriched', 'needs_identification', 'skipped', 'failed'])
        .optional(),
      movieId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description:
        '`{items: [{workflowId, runId, status, enrichmentStatus, movieId, trigger, startTime, closeTime}]}`; `failed` includes terminated and timed-out runs',
    },
  },
});

const retry = createRoute({
  method: 'post',
  path: '/enrichments/{workflowId}/retry',
  summary: 'Start a fresh run of a failed, terminated or timed-out enrichment, with the same trigger',
  request: { params: z.object({ workflowId: z.string().min(1).max(200) }) },
  responses: {
    202: { description: 'started: `{workflowId, runId}`' },
    404: { description: 'no such enrichment' },
    409: { description: 'its last run did not fail, or one is running' },
    429: { description: 'too many enrichments of its trigger in flight; retry after `Retry-After` seconds' },
    503: { description: 'Temporal is unreachable; retry after `Retry-After` seconds' },
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
      const items: Record<string, unknown>[] = [];
      for await (const run of client.workflow.list({ query: clauses.join(' AND ') })) {
        items.push({
          workflowId: run.workflowId,
          runId: run.runId,
          status: run.status.name,
          enrichmentStatus: run.typedSearchAttributes.get(EnrichmentStatusKey) ?? null,
          movieId: run.typedSearchAttributes.get(MovieIdKey) ?? null,
          trigger: run.typedSearchAttributes.get(EnrichmentTriggerKey) ?? null,
          startTime: run.startTime,
          closeTime: run.closeTime ?? null,
        });
        if (items.length >= q.limit) break;
      }
      return c.json({ items });
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
      const view = await workflowView(client, workflowId, progressQuery);
      return view ? c.json(view) : c.json(notFound(`enrichment ${workflowId}`), 404);
    });
}
