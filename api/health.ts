import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';

export interface Health {
  status: 'ok' | 'degraded';
  checks: { postgres: string; temporal: string; worker: string };
  down: string[];
}

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

// Temporal forgets a poller a few minutes after its last poll; one seen within this window is alive.
const POLLER_FRESH_MS = 90_000;

export async function checkHealth({ pool, client, config }: { pool: Pool; client: Client; config: Config }): Promise<Health> {
  const [postgres, temporal, worker] = await Promise.all([
    within(3000, pool.query('SELECT 1')).then(
      () => 'ok',
      (e: Error) => `down: ${e.message}`,
    ),
    within(3000, client.workflowService.describeNamespace({ namespace: config.temporal.namespace })).then(
      () => 'ok',
      (e: Error) => `down: ${e.message}`,
    ),
    within(
      3000,
      client.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name: config.temporal.taskQueue },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      }),
    ).then(
      (res) => {
        const now = Date.now();
        const alive = (res.pollers ?? []).filter((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1000 < POLLER_FRESH_MS;
        });
        return alive.length > 0 ? `ok: ${alive.length} poller(s)` : `down: no worker polling task queue ${config.temporal.taskQueue}`;
      },
      (e: Error) => `down: ${e.message}`,
    ),
  ]);
  const checks = { postgres, temporal, worker };
  const down = Object.entries(checks)
    .filter(([, v]) => v.startsWith('down'))
    .map(([k]) => k);
  return { status: down.length === 0 ? 'ok' : 'degraded', checks, down };
}
