import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { movieExists } from '../../db/movies.js';
import { PRIORITY } from '../../domain/priority.js';
import { enrichBody } from '../../domain/schemas.js';
import { EnrichmentTriggerKey, MovieIdKey } from '../../domain/search-attributes.js';
import type { EnrichMovieInput } from '../../domain/types.js';
import { enrichWorkflowId } from '../../domain/workflow-ids.js';
import { enrichMovie, progressQuery } from '../../workflows/index.js';
import { admissionsFor, refuse } from '../admission.js';
import type { ApiDeps } from '../deps.js';
import { jsonBody, movieIdParams, notFound, router } from '../http.js';
import { describeFailure } from '../workflow-status.js';

const start = createRoute({
  method: 'post',
  path: '/movies/{id}/enrich',
  summary: 'Start an enrichment of the movie',
  request: { params: movieIdParams, body: jsonBody(enrichBody, false) },
  responses: {
    202: { description: 'started: `{workflowId, runId}`' },
    404: { description: 'no such movie' },
    409: { description: 'an enrichment of it is already running (its `workflowId`)' },
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

// A query needs a worker; with none polling, the status is answered without progress after this.
const PROGRESS_QUERY_DEADLINE_MS = 3000;

export function enrichmentRoutes({ pool, client, config }: ApiDeps) {
  const admissions = admissionsFor(client, config);
  return router()
    .openapi(start, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const input: EnrichMovieInput = { movieId: id, trigger: 'user', force: body.force ?? false };
      try {
        const admission = await admissions.admit(input.trigger, () =>
          client.workflow.start(enrichMovie, {
            workflowId: enrichWorkflowId(id),
            taskQueue: config.temporal.taskQueue,
            args: [input],
            priority: { priorityKey: PRIORITY[input.trigger] },
            typedSearchAttributes: [
              { key: MovieIdKey, value: id },
              { key: EnrichmentTriggerKey, value: input.trigger },
            ],
          }),
        );
        if (!admission.admitted) return refuse(c, admission.refusal);
        const handle = admission.started;
        return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          return c.json({ error: `an enrichment of movie ${id} is already running`, workflowId: err.workflowId }, 409);
        throw err;
      }
    })
    .openapi(status, async (c) => {
      const { workflowId } = c.req.valid('param');
      const handle = client.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return c.json({ error: `no enrichment ${workflowId}` }, 404);
        throw err;
      }
      const view: Record<string, unknown> = {
        workflowId: description.workflowId,
        runId: description.runId,
        status: description.status.name,
        startTime: description.startTime,
        closeTime: description.closeTime ?? null,
      };
      if (description.status.name === 'RUNNING') {
        view.progress = await client
          .withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, () => handle.query(progressQuery))
          .catch(() => null);
      } else if (description.status.name === 'COMPLETED') {
        view.result = await handle.result();
      } else {
        view.failure = await handle.result().then(
          () => null,
          (err: Error) => describeFailure(err),
        );
      }
      return c.json(view);
    });
}
