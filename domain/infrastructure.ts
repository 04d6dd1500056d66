// Our own infrastructure being away (the database, the cache volume) is waited out, never recorded
// as an item's outcome: the rules both sides of that share, the activities that classify an error
// and the workflows that wait.

/** What an activity found unavailable. */
export type InfrastructureResource = 'database' | 'cache volume';

/** The `details[0]` of an `InfrastructureUnavailable` failure. */
export interface InfrastructureDetail {
  resource: InfrastructureResource;
}

/**
 * How long a run waits for its infrastructure before it fails loudly: long enough for a NAS reboot
 * or a database upgrade overnight, short enough that a run does not hang for ever on a setup that
 * will never come back.
 */
export const INFRASTRUCTURE_WAIT_LIMIT_MS = 24 * 3600_000;

/** The wait before the next try: 1 s, doubling, at most 30 s (a recovered database is noticed soon). */
export function infrastructureBackoffMs(retry: number): number {
  return Math.min(1000 * 2 ** Math.max(0, retry - 1), 30_000);
}

/** What the progress query shows while a run waits. */
export interface InfrastructureWaitState {
  resource: InfrastructureResource;
  /** "waiting for the database". */
  message: string;
  /** When the wait began (ISO time). */
  since: string;
  /** The last error, as the activity saw it. */
  reason: string;
  /** Tries so far that found it unavailable. */
  retries: number;
}
