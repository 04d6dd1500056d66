// Live progress as Server-Sent Events: one enrichment run, or every run of this deployment's task
// queue. Each event is `event: <type>`, `id: <resumable id>`, `data: <ProgressEvent JSON>`
// (domain/progress-events.ts); a client reconnecting with Last-Event-ID resumes where it was.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isEndEvent, PROGRESS_EVENT_TYPES, progressEventSchema } from '../../domain/progress-events.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { eventHub, FEED_MAX_RUNS, type StreamEvent, type Subscription } from '../event-hub.js';
import { router } from '../http.js';

/** Proxies close a connection that stays silent; a comment this often keeps it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The feed's first event, sent on connecting (it has no id, so a reconnect resumes after the last
 * real event): a client knows it is connected even when no run is going.
 */
const READY = { event: 'ready', data: JSON.stringify({ type: 'ready' }) } as const;

/** One event as a client's SSE parser sees it; `data` is a `ProgressEvent` (components) as JSON. */
const sseEvent = z
  .object({
    event: z.enum([...PROGRESS_EVENT_TYPES, READY.event]),
    id: z.string().optional().openapi({ description: 'absent only on `ready`' }),
    data: z.string().openapi({ description: 'a ProgressEvent (see its schema) as JSON; `ready`: `{"type":"ready"}`' }),
  })
  .openapi('ServerSentEvent');

const eventStream = (description: string) => ({
  description,
  content: { 'text/event-stream': { schema: sseEvent } },
});

const lastEventIdHeader = z.object({ 'last-event-id': z.string().max(300).optional() });

const runEvents = createRoute({
  method: 'get',
  path: '/enrichments/{workflowId}/events',
  summary: "Live progress of an enrichment's latest run (or of the run `runId`) as Server-Sent Events, up to its end",
  description:
    'First a `snapshot` (or, with a Last-Event-ID this process still holds, the events after it), then ' +
    '`phase`, `counters` (per asset type), `provider`, `awaiting_review` (with its deadline) and `waiting` ' +
    'as they happen, and last `done` (with the outcome) or `failed` (with the reason), after which the ' +
    'stream ends. A run already closed gets its snapshot and end event at once. Comments keep the ' +
    'connection alive every 15 s. With `runId` (as `POST /movies/{id}/enrich` answered it) the stream is ' +
    "that run's even once another run of the workflow has started.",
  request: {
    params: z.object({ workflowId: z.string().min(1).max(200) }),
    query: z.object({
      runId: z
        .uuid()
        .optional()
        .openapi({ description: "the run to follow; without it, the workflow's latest run when asked" }),
    }),
    headers: lastEventIdHeader,
  },
  responses: {
    200: eventStream('the event stream'),
    204: { description: "Last-Event-ID is the run's end event: nothing more will come" },
    400: errorResponse('the workflow id, run id or Last-Event-ID is invalid'),
    401: errorResponse('no or a wrong API key'),
    404: errorResponse('no such enrichment, or no such run of it'),
  },
});

const allEvents = createRoute({
  method: 'get',
  path: '/events',
  summary: 'Live progress of every enrichment run of this deployment as Server-Sent Events',
  description:
    'The events of `GET /enrichments/{workflowId}/events` for every run, each naming its `workflowId` ' +
    'and `runId`: first `ready` (connected), then a `snapshot` per running run (or a replay after Last-Event-ID), then each run ' +
    'as it starts (its `snapshot`), moves and ends. Runs are found within about 2 s of their start. ' +
    `At most ${FEED_MAX_RUNS} running runs are followed at once, the most recently started first; one ` +
    'left out is taken up when a followed run ends, and its end event comes either way. A run followed ' +
    'only through this feed moves in steps of about 5 s (its own stream: about 1 s).',
  request: { headers: lastEventIdHeader },
  responses: {
    200: eventStream('the event stream (it does not end)'),
    400: errorResponse('the Last-Event-ID is invalid'),
    401: errorResponse('no or a wrong API key'),
  },
});

/** Writes the initial events, then what the subscription brings, until the client leaves (or the run ends). */
function stream(c: Context, initial: StreamEvent[], subscription: Subscription, untilEnd: boolean) {
  return streamSSE(c, async (sse) => {
    sse.onAbort(() => subscription.close());
    const send = ({ id, event }: StreamEvent) => sse.writeSSE({ id, event: event.type, data: JSON.stringify(event) });
    try {
      if (!untilEnd) await sse.writeSSE(READY);
      for (const item of initial) {
        await send(item);
        if (untilEnd && isEndEvent(item.event)) return;
      }
      while (!subscription.closed && !sse.aborted) {
        const item = await subscription.next(KEEP_ALIVE_MS);
        if (!item) {
          if (!subscription.closed) await sse.write(': keep-alive\n\n');
          continue;
        }
        await send(item);
        if (untilEnd && isEndEvent(item.event)) return;
      }
    } finally {
      subscription.close();
    }
  });
}

export function eventRoutes({ client, config }: ApiDeps) {
  const hub = eventHub(client, config.temporal.taskQueue);
  const routes = router();
  // Named in the description so clients can parse `data`; no route returns it as JSON.
  routes.openAPIRegistry.register('ProgressEvent', progressEventSchema);
  return routes
    .openapi(runEvents, async (c) => {
      const { workflowId } = c.req.valid('param');
      const { runId } = c.req.valid('query');
      const lastEventId = c.req.valid('header')['last-event-id'];
      const subscribed = await hub.subscribeRun(workflowId, runId, lastEventId);
      if (subscribed === 'not_found')
        return c.json(
          apiError(ErrorCode.NotFound, `no enrichment ${workflowId}${runId ? ` with run ${runId}` : ''}`),
          404,
        );
      if (subscribed === 'has_end') return c.body(null, 204);
      return stream(c, subscribed.initial, subscribed.subscription, true);
    })
    .openapi(allEvents, (c) => {
      const { initial, subscription } = hub.subscribeAll(c.req.valid('header')['last-event-id']);
      return stream(c, initial, subscription, false);
    });
}
