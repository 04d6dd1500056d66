// Bulk enrichment: one batch at a time over every monitored movie, a library's, a list, or the
// failed ones, at the lowest priority, so a person's own enrich is never stuck behind it.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  claimBulkRun,
  findBulkRun,
  finishBulkRun,
  recentBulkRuns,
  setBulkWorkflow,
  unfinishedBulkRun,
  type BulkRun,
} from '../../db/bulk-runs.js';
import type { BatchSelection } from '../../domain/batch.js';
import { PRIORITY } from '../../domain/priority.js';
import { bulkBody, idParam } from '../../domain/schemas.js';
import { bulkWorkflowId } from '../../domain/workflow-ids.js';
import { batchProgressQuery, enrichBatch } from '../../workflows/index.js';
import type { ApiDeps } from '../deps.js';
import { bulkCancelling, bulkRun, bulkRuns, bulkStarted } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { json, jsonBody, notFound, router } from '../http.js';
import { workflowRunning, workflowView } from '../workflow-status.js';

const bulkParams = z.object({ id: idParam });
/** A row whose workflow never appeared was left by an API that died between the two: after this, it is freed. */
const ORPHAN_ROW_MS = 60_000;

const start = createRoute({
  method: 'post',
  path: '/enrich/bulk',
  summary: 'Enrich many movies: `{}` every monitored one, `{libraryId}`, `{movieIds}` or `{status: "failed"}`',
  request: { body: jsonBody(bulkBody, false) },
  responses: {
    202: { description: 'started', content: json(bulkStarted) },
    400: errorResponse('names the bad field'),
    409: errorResponse('a bulk run is in progress (its `id`): one at a time'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/enrich/bulk',
  summary: 'The latest bulk runs, newest first, each as GET /enrich/bulk/{id} shows it',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: 'at most this many (1–100)' }),
    }),
  },
  responses: {
    200: { description: 'the runs (one whose workflow never started is left out)', content: json(bulkRuns) },
    400: errorResponse('a limit out of range'),
  },
});

const show = createRoute({
  method: 'get',
  path: '/enrich/bulk/{id}',
  summary: 'A bulk run: done, failed, skipped and remaining, its pauses for provider rate limits',
  request: { params: bulkParams },
  responses: {
    200: {
      description: 'the bulk run: `progress` while it runs, `result` (the same shape) once it has ended',
      content: json(bulkRun),
    },
    404: errorResponse('no such bulk run'),
  },
});

const cancel = createRoute({
  method: 'delete',
  path: '/enrich/bulk/{id}',
  summary: 'Cancel a bulk run: nothing new starts; enrichments already running finish',
  request: { params: bulkParams },
  responses: {
    202: { description: 'cancelling', content: json(bulkCancelling) },
    404: errorResponse('no such bulk run'),
    409: errorResponse('it has finished'),
  },
});

function selectionOf(b: z.infer<typeof bulkBody>): BatchSelection {
  if (b.libraryId !== undefined) return { kind: 'library', libraryId: b.libraryId };
  if (b.movieIds !== undefined) return { kind: 'movies', movieIds: b.movieIds };
  if (b.status === 'failed') return { kind: 'failed' };
  return { kind: 'all' };
}

/**
 * Whether the run's workflow still runs. Its id follows from the row's, so a row whose start is
 * still on its way (no workflow yet) counts as running for a while.
 */
async function stillRunning(client: Client, run: BulkRun): Promise<boolean> {
  if (await workflowRunning(client, bulkWorkflowId(run.id))) return true;
  return !run.workflowId && Date.now() - run.startedAt.getTime() < ORPHAN_ROW_MS;
}

export function bulkRoutes({ pool, client, config }: ApiDeps) {
  /** Claims the one bulk slot; a slot held by a run that ended without saying so is freed first. */
  async function claim(selection: BatchSelection): Promise<BulkRun | { busy: BulkRun }> {
    for (;;) {
      const claimed = await claimBulkRun(pool, selection);
      if (claimed) return claimed;
      const holder = await unfinishedBulkRun(pool);
      if (!holder) continue;
      if (await stillRunning(client, holder)) return { busy: holder };
      await finishBulkRun(pool, holder.id);
    }
  }

  return router()
    .openapi(start, async (c) => {
      const selection = selectionOf(c.req.valid('json') ?? {});
      const run = await claim(selection);
      if ('busy' in run)
        return c.json(
          apiError(ErrorCode.Conflict, `bulk run ${run.busy.id} is in progress: one at a time`, {
            id: run.busy.id,
            workflowId: bulkWorkflowId(run.busy.id),
          }),
          409,
        );
      const workflowId = bulkWorkflowId(run.id);
      try {
        await client.workflow.start(enrichBatch, {
          workflowId,
          taskQueue: config.temporal.taskQueue,
          args: [{ selection, trigger: 'bulk', window: config.batchWindow, bulkRunId: run.id }],
          priority: { priorityKey: PRIORITY.bulk },
          staticSummary: `bulk run ${run.id}: ${selection.kind} · bulk`,
        });
      } catch (err) {
        // A start that timed out may still have started it; only a run that is not there frees the slot.
        if (!(await workflowRunning(client, workflowId).catch(() => false))) {
          await finishBulkRun(pool, run.id);
          throw err;
        }
      }
      await setBulkWorkflow(pool, run.id, workflowId);
      return c.json({ id: run.id, workflowId }, 202);
    })
    .openapi(list, async (c) => {
      const { limit } = c.req.valid('query');
      const rows = await recentBulkRuns(pool, limit);
      const views = await Promise.all(
        rows.map((run) => workflowView(client, bulkWorkflowId(run.id), batchProgressQuery)),
      );
      const runs = rows.flatMap((run, i) => (views[i] ? [{ ...run, ...views[i] }] : []));
      return c.json({ runs }, 200);
    })
    .openapi(show, async (c) => {
      const { id } = c.req.valid('param');
      const run = await findBulkRun(pool, id);
      const view = run && (await workflowView(client, bulkWorkflowId(run.id), batchProgressQuery));
      return view ? c.json({ ...run, ...view }, 200) : c.json(notFound(`bulk run ${id}`), 404);
    })
    .openapi(cancel, async (c) => {
      const { id } = c.req.valid('param');
      const run = await findBulkRun(pool, id);
      if (!run) return c.json(notFound(`bulk run ${id}`), 404);
      const finished = () => c.json(apiError(ErrorCode.Conflict, `bulk run ${id} has finished`), 409);
      const workflowId = bulkWorkflowId(run.id);
      if (!(await workflowRunning(client, workflowId))) return finished();
      try {
        await client.workflow.getHandle(workflowId).cancel();
      } catch (err) {
        // It ended between the look and the cancel.
        if (err instanceof WorkflowNotFoundError) return finished();
        throw err;
      }
      return c.json({ id, cancelling: true as const }, 202);
    });
}
