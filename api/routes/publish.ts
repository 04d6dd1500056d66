import { createRoute } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { movieExists } from '../../db/movies.js';
import { PRIORITY } from '../../domain/priority.js';
import { MovieIdKey } from '../../domain/search-attributes.js';
import { publishWorkflowId } from '../../domain/workflow-ids.js';
import { publishMovie } from '../../workflows/index.js';
import type { ApiDeps } from '../deps.js';
import { started } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { json, movieIdParams, notFound, router } from '../http.js';

const publish = createRoute({
  method: 'post',
  path: '/movies/{id}/publish',
  summary: 'Publish the movie’s NFO and selected artwork into its library folder',
  description: 'Starts `publish-movie-{id}`; its status and result are at `GET /api/enrichments/{workflowId}`.',
  request: { params: movieIdParams },
  responses: {
    202: { description: 'started', content: json(started) },
    404: errorResponse('no such movie'),
    409: errorResponse('a publish of it is already running (its `workflowId`)'),
  },
});

export function publishRoutes({ pool, client, config }: ApiDeps) {
  return router().openapi(publish, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
    try {
      const handle = await client.workflow.start(publishMovie, {
        workflowId: publishWorkflowId(id),
        taskQueue: config.temporal.taskQueue,
        args: [{ movieId: id }],
        // A person asked for it.
        priority: { priorityKey: PRIORITY.user },
        typedSearchAttributes: [{ key: MovieIdKey, value: id }],
      });
      return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        return c.json(
          apiError(ErrorCode.Conflict, `a publish of movie ${id} is already running`, { workflowId: err.workflowId }),
          409,
        );
      throw err;
    }
  });
}
