// Live progress as Server-Sent Events: one enrichment run, or every run of this deployment's task
// queue. Each event is `event: <type>`, `id: <resumable id>`, `data: <ProgressEvent JSON>`
// (domain/progress-events.ts); a client reconnecting with Last-Event-ID resumes where it was.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isEndEvent, PROGRESS_EVENT_TYPES, progressEventSchema } from '../../domain/progress-events.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { eventHub, type StreamEvent, type Subscription } from '../event-hub.js';
import { router } from '../http.js';

/** Proxies close a connection that stays silent; a comment this often keeps it open. */
const KEEP_ALIVE_MS = 15_000;

/** One event as a client's SSE parser sees it; `data` is a `ProgressEvent` (components) as JSON. */
const sseEvent = z
  .object({
    event: z.enum(PROGRESS_EVENT_TYPES),
    id: z.string(),
    data: z.string().openapi({ description: 'a ProgressEvent (see its schema) as JSON' }),
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
  summary: "Live progress of an enrichment's latest run as Server-Sent Events, up to its end",
  description:
    'First a `snapshot` (or, with a Last-Event-ID this process still holds, the events after it), then ' +
    '`phase`, `counters` (per asset type), `provider`, `awaiting_review` (with its deadline) and `waiting` ' +
    'as they happen, and last `done` (with the outcome) or `failed` (with the reason), after which the ' +
    'stream ends. A run already closed gets its snapshot and end event at once. Comments keep the ' +
    'connection alive every 15 s.',
  request: { params: z.object({ workflowId: z.string().min(1).max(200) }), headers: lastEventIdHeader },
  responses: {
    200: eventStream('the event stream'),
    204: { description: "Last-Event-ID is the run's end event: nothing more will come" },
    400: errorResponse('the workflow id or Last-Event-ID is invalid'),
    401: errorResponse('no or a wrong API key'),
    404: errorResponse('no such enrichment'),
  },
});

const allEvents = createRoute({
  method: 'get',
  path: '/events',
  summary: 'Live progress of every enrichment run of this deployment as Server-Sent Events',
  description:
    'The events of `GET /enrichments/{workflowId}/events` for every run, each naming its `workflowId` ' +
    'and `runId`: first a `snapshot` per running run (or a replay after Last-Event-ID), then each run ' +
    'as it starts (its `snapshot`), moves and ends. Runs are found within about 2 s of their start.',
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
      const lastEventId = c.req.valid('header')['last-event-id'];
      const subscribed = await hub.subscribeRun(workflowId, lastEventId);
      if (subscribed === 'not_found') return c.json(apiError(ErrorCode.NotFound, `no enrichment ${workflowId}`), 404);
      if (subscribed === 'has_end') return c.body(null, 204);
      return stream(c, subscribed.initial, subscribed.subscription, true);
    })
    .openapi(allEvents, (c) => {
      const { initial, subscription } = hub.subscribeAll(c.req.valid('header')['last-event-id']);
      return stream(c, initial, subscription, false);
    });
}
