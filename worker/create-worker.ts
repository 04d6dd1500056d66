import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import { workflowsPath } from '../lib/temporal.js';

/**
 * Activities one worker runs at once. Downloads are I/O bound and mostly wait; decoding is bounded
 * separately. The worker's database pool is sized from this.
 */
export const ACTIVITY_SLOTS = 20;

/** Database connections a worker needs: one per activity slot, and a few for bookkeeping beside them. */
export const WORKER_POOL_SIZE = ACTIVITY_SLOTS + 5;

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
    maxConcurrentActivityTaskExecutions: ACTIVITY_SLOTS,
    // On SIGTERM, running activities get this long to finish; then they are cancelled, and their
    // retries go to another worker (or this one's successor).
    shutdownGraceTime: opts.config.workerShutdownGraceMs,
  });
}
