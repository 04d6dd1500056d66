import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import { workflowsPath } from '../lib/temporal.js';

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
    // Keep a 2-core host responsive: downloads are I/O bound, hashing and decoding are not.
    maxConcurrentActivityTaskExecutions: 20,
  });
}
