// The user's review of an enrichment awaiting it: what approving would change, and the decision
// (approve, with artwork picks or not, or reject) sent as the workflow's review update; the
// answer is the outcome, publish result included.
import { createRoute } from '@hono/zod-openapi';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { artworkStates } from '../../db/library-files.js';
import { movieExists } from '../../db/movies.js';
import { latestRecordedOutcome } from '../../db/recordings.js';
import { artworkDiff } from '../../domain/artwork-diff.js';
import { FailureType } from '../../domain/failures.js';
import type { EnrichmentProgress } from '../../domain/types.js';
import { reviewBody } from '../../domain/schemas.js';
import { enrichWorkflowId } from '../../domain/workflow-ids.js';
import { progressQuery, reviewUpdate } from '../../workflows/index.js';
import type { ApiDeps } from '../deps.js';
import { reviewOutcome, reviewPreview } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { json, jsonBody, movieIdParams, notFound, router } from '../http.js';
import { workflowRunning, workflowView } from '../workflow-status.js';

const preview = createRoute({
  method: 'get',
  path: '/movies/{id}/review',
  summary: 'What approving would change: the fields the latest enrichment changed, and artwork added and removed',
  description:
    'Answers for any movie: `awaitingReview` says whether its enrichment waits for a review now (with the deadline).',
  request: { params: movieIdParams },
  responses: {
    200: { description: 'the changes', content: json(reviewPreview) },
    404: errorResponse('no such movie'),
  },
});

const review = createRoute({
  method: 'post',
  path: '/movies/{id}/review',
  summary: 'Approve (optionally with artwork picks) or reject the enrichment awaiting review',
  request: { params: movieIdParams, body: jsonBody(reviewBody) },
  responses: {
    200: { description: 'the outcome, publish result included', content: json(reviewOutcome) },
    400: errorResponse('the review cannot be applied (names why)'),
    404: errorResponse('no such movie'),
    409: errorResponse('no review is awaited'),
    422: errorResponse('a picked image could not be downloaded; still awaiting review'),
  },
});

export function reviewRoutes({ pool, client }: ApiDeps) {
  return router()
    .openapi(preview, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const workflowId = enrichWorkflowId(id);
      const [view, recorded, states] = await Promise.all([
        workflowView(client, workflowId, progressQuery),
        latestRecordedOutcome(pool, id),
        artworkStates(pool, id),
      ]);
      const progress =
        view?.status === 'RUNNING' ? (view.progress as EnrichmentProgress | null | undefined) : undefined;
      const awaitingReview = progress?.phase === 'awaiting_review';
      return c.json(
        {
          movieId: id,
          awaitingReview,
          workflowId,
          reviewDeadline: (awaitingReview && progress.reviewDeadline) || null,
          changes: recorded?.fieldChanges ?? [],
          artwork: artworkDiff(states),
        },
        200,
      );
    })
    .openapi(review, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const workflowId = enrichWorkflowId(id);
      if (!(await workflowRunning(client, workflowId)))
        return c.json(apiError(ErrorCode.Conflict, `no enrichment of movie ${id} is awaiting review`), 409);
      try {
        return c.json(await client.workflow.getHandle(workflowId).executeUpdate(reviewUpdate, { args: [body] }), 200);
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
        // Refused by the validator (400), or accepted but not applicable (a picked image failed: 422).
        const cause = err.cause as { message?: string; type?: string } | undefined;
        return cause?.type === FailureType.ReviewFailed
          ? c.json(apiError(ErrorCode.Unprocessable, cause.message ?? err.message), 422)
          : c.json(apiError(ErrorCode.InvalidRequest, cause?.message ?? err.message), 400);
      }
    });
}
