// The user's review of an enrichment awaiting it (D21): approve (with artwork picks) or reject,
// sent as the workflow's `review` update; the answer is the outcome, publish result included.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Hono } from 'hono';
import type { Pool } from '../db/pool.js';
import { reviewBody } from '../domain/schemas.js';
import type { ReviewInput, ReviewOutcome } from '../domain/types.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { jsonBody, parseId, validationError } from './http.js';
import { movieExists, workflowRunning } from './lookups.js';

export function registerReviewRoutes(app: Hono, { pool, client }: { pool: Pool; client: Client }) {
  app.post('/api/movies/:id/review', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = reviewBody.safeParse(await jsonBody(c));
    if (!body.success) throw validationError(body.error);
    if (!(await movieExists(pool, id))) return c.json({ error: `movie ${id} not found` }, 404);
    if (!(await workflowRunning(client, enrichWorkflowId(id)))) return c.json({ error: `no enrichment of movie ${id} is awaiting review` }, 409);
    try {
      const outcome = await client.workflow.getHandle(enrichWorkflowId(id)).executeUpdate<ReviewOutcome, [ReviewInput]>('review', { args: [body.data as ReviewInput] });
      return c.json(outcome);
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      // Refused by the validator (400), or accepted but not applicable (a picked image failed: 422).
      const cause = err.cause as { message?: string; type?: string } | undefined;
      const status = cause?.type === 'ReviewFailed' ? 422 : 400;
      return c.json({ error: cause?.message ?? err.message }, status);
    }
  });
}
