import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import { workflowsPath } from '../lib/temporal.js';

/** Workflow steps one worker runs at once (the SDK's default). */
const WORKFLOW_TASK_SLOTS = 40;

/** Database connections a worker needs: one per activity slot, and a few for bookkeeping beside them. */
export const workerPoolSize = (config: Config) => config.workerActivitySlots + 5;

/** A worker for the enrichment task queue; tests pass a prebuilt bundle to skip re-bundling. */
export async function createWorker(opts: {
  config: Config;
  pool: Pool;
  connection: NativeConnection;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.config.temporal.namespace,
    taskQueue: opts.config.temporal.taskQueue,
    activities: createActivities({ pool: opts.pool, config: opts.config }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
    maxConcurrentActivityTaskExecutions: opts.config.workerActivitySlots,
    // The SDK's default grows with the heap limit (thousands of runs on a large machine), and each
    // cached run holds its memory however long it waits for its next activity.
    maxCachedWorkflows: opts.config.workerCachedWorkflows,
    // A workflow step runs on a cached run: no more at once than the cache holds.
    maxConcurrentWorkflowTaskExecutions: Math.min(WORKFLOW_TASK_SLOTS, opts.config.workerCachedWorkflows),
    // On SIGTERM, running activities get this long to finish; then they are cancelled, and their
    // retries go to another worker (or this one's successor).
    shutdownGraceTime: opts.config.workerShutdownGraceMs,
  });
}
