// Live progress over the API's Server-Sent Events. The browser's own EventSource cannot send the
// API key, so the `eventsource` package's, which reconnects with Last-Event-ID the same way, sends
// it through fetch.
import { EventSource } from 'eventsource';
import { useEffect, useRef } from 'react';
import { storedApiKey } from './api-key';
import type { Schemas } from './client';

export type ProgressEvent = Schemas['ProgressEvent'];
type EventName = Schemas['ServerSentEvent']['event'];
const NAMES: EventName[] = [
  'snapshot',
  'phase',
  'counters',
  'provider',
  'awaiting_review',
  'waiting',
  'trailer',
  'done',
  'failed',
];

/** Follows `path` (an events route) while the component lives and `path` is set. */
export function useProgressEvents(path: string | null, onEvent: (event: ProgressEvent) => void): void {
  // The latest callback, without reconnecting when it changes.
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!path) return;
    const source = new EventSource(path, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, 'X-Api-Key': storedApiKey() ?? '' } }),
    });
    const listener = (e: MessageEvent<string>) => handler.current(JSON.parse(e.data) as ProgressEvent);
    for (const name of NAMES) source.addEventListener(name, listener);
    return () => source.close();
  }, [path]);
}
