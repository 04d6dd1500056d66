// How often `npm start` restarts a process that died: a crash now and then (PostgreSQL killed by the
// OOM killer, a worker hitting a bug) is ridden out, while one that dies again right after every
// restart (a broken data folder, a port someone else took) stops everything with the reason
// instead of looping forever.

/** Restarts allowed within RESTART_WINDOW_MS; one more means the process cannot stay up. */
export const MAX_RESTARTS = 5;
/** Ten minutes: long enough to catch a crash loop however slowly the process starts. */
export const RESTART_WINDOW_MS = 600_000;
/** The first restart waits 1 s (a killed server's port and memory are free by then), doubling to 30 s. */
export const FIRST_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;

/** One process's restarts: `next()` says how long to wait before the next one, or that it is one too many. */
export class RestartPolicy {
  private readonly restarts: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before restarting, or undefined when MAX_RESTARTS within the window are used up. */
  next(): number | undefined {
    const now = this.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! >= RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) return undefined;
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.restarts.length);
    this.restarts.push(now);
    return backoff;
  }
}
