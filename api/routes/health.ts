import { createRoute } from '@hono/zod-openapi';
import { ping } from '../../db/health.js';
import type { ApiDeps } from '../deps.js';
import { json, router } from '../http.js';
import { health as healthBody } from '../responses.js';

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ]);

// Temporal forgets a poller a few minutes after its last poll; one seen within this window is alive.
const POLLER_FRESH_MS = 90_000;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether PostgreSQL, Temporal and a worker are up (open: no API key, no details)',
  responses: {
    200: { description: 'everything is up', content: json(healthBody) },
    503: { description: 'names what is down', content: json(healthBody) },
  },
});

export function healthRoutes({ pool, client, config }: ApiDeps) {
  // What each check last logged: a monitor polling every few seconds logs a change, not a stream.
  const logged = new Map<string, string>();
  return router().openapi(health, async (c) => {
    // Open to anyone who can reach the port: the answer says what is down, never why (no
    // addresses, error texts or queue names); the log has the reasons.
    const down = (what: string) => (e: Error) => {
      if (logged.get(what) !== e.message) console.error(`[api] health: ${what} is down: ${e.message}`);
      logged.set(what, e.message);
      return 'down' as const;
    };
    const [postgres, temporal, worker] = await Promise.all([
      within(3000, ping(pool)).then(() => 'ok' as const, down('postgres')),
      within(3000, client.workflowService.describeNamespace({ namespace: config.temporal.namespace })).then(
        () => 'ok' as const,
        down('temporal'),
      ),
      within(
        3000,
        client.workflowService.describeTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: { name: config.temporal.taskQueue },
          taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        }),
      ).then((res) => {
        const now = Date.now();
        const alive = (res.pollers ?? []).some(
          (p) => now - Number(p.lastAccessTime?.seconds ?? 0) * 1000 < POLLER_FRESH_MS,
        );
        return alive ? ('ok' as const) : down('worker')(new Error('no worker polling the task queue'));
      }, down('worker')),
    ]);
    const checks = { postgres, temporal, worker };
    for (const [what, state] of Object.entries(checks)) if (state === 'ok') logged.delete(what);
    const failing = Object.entries(checks)
      .filter(([, v]) => v === 'down')
      .map(([k]) => k);
    return c.json(
      { status: failing.length === 0 ? 'ok' : 'degraded', checks, down: failing },
      failing.length === 0 ? 200 : 503,
    );
  });
}
