import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Hono } from 'hono';
import type { Pool } from '../db/pool.js';
import { MovieIdKey } from '../domain/search-attributes.js';
import type { PublishMovieInput } from '../domain/types.js';
import { publishWorkflowId } from '../domain/workflow-ids.js';
import type { Config } from '../lib/config.js';
import { parseId } from './http.js';
import { movieExists } from './lookups.js';

/** `POST /api/movies/:id/publish`: starts `publish-movie-{id}`; its status is at `GET /api/enrichments/:workflowId`. */
export function registerPublishRoutes(app: Hono, deps: { pool: Pool; client: Client; config: Config }) {
  const { pool, client, config } = deps;

  app.post('/api/movies/:id/publish', async (c) => {
    const id = parseId(c.req.param('id'));
    if (!(await movieExists(pool, id))) return c.json({ error: `movie ${id} not found` }, 404);
    const input: PublishMovieInput = { movieId: id };
    try {
      const handle = await client.workflow.start('publishMovie', {
        workflowId: publishWorkflowId(id),
        taskQueue: config.temporal.taskQueue,
        args: [input],
        // A person asked for it: served first (DECISIONS.md, Architecture).
        priority: { priorityKey: 1 },
        typedSearchAttributes: [{ key: MovieIdKey, value: id }],
      });
      return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        return c.json({ error: `a publish of movie ${id} is already running`, workflowId: err.workflowId }, 409);
      throw err;
    }
  });
}
