// Admission of new enrichments: at most a configured number in flight per trigger class (user,
// webhook, schedule, bulk). A burst beyond it is refused at the door with 429 and Retry-After, so the
// runs already accepted keep their workers instead of queueing behind hundreds more.
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import type { Context } from 'hono';
import { EnrichmentStatusKey, EnrichmentTriggerKey } from '../domain/search-attributes.js';
import type { Trigger } from '../domain/types.js';
import type { Config } from '../lib/config.js';
import { enrichMovie } from '../workflows/index.js';
import { apiError, ErrorCode, type ErrorBody } from './errors.js';

/** Counting and starting together may take this long before the caller gets 503 instead of waiting on. */
const TEMPORAL_DEADLINE_MS = 5_000;
/** About how long a Temporal frontend or dev server takes to come back. */
const UNAVAILABLE_RETRY_AFTER_S = 5;
/** Before any run of the class has been seen to finish, there is no drain rate to derive a wait from. */
const DEFAULT_RETRY_AFTER_S = 5;
const MAX_RETRY_AFTER_S = 60;
/** Runs of the class closed within this window give its drain rate. */
const DRAIN_WINDOW_MS = 10_000;
/** A count this old is asked again; until then, slots freed since stay unused (a short wait, never an excess). */
const RECOUNT_MS = 200;
/** Visibility shows a start within milliseconds; one still unseen after this is not waited for any more. */
const UNSEEN_MAX_AGE_MS = 60_000;
/** gRPC codes meaning Temporal did not answer: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNREACHABLE_CODES = new Set([4, 8, 14]);

export interface Refusal {
  status: 429 | 503;
  retryAfterSeconds: number;
  body: ErrorBody;
}

export type Admission<T> = { admitted: true; started: T } | { admitted: false; refusal: Refusal };

/** The answer while Temporal does not answer: 503 with `Retry-After`; `message` says what was left undone. */
export function temporalUnavailable(c: Context, message = 'Temporal is unavailable; try again shortly') {
  c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
  return c.json(apiError(ErrorCode.Unavailable, message, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_S }), 503);
}

/** The refusal as the API answers it: its status, a `Retry-After` header and the error. */
export function refuse(c: Context, refusal: Refusal) {
  c.header('Retry-After', String(refusal.retryAfterSeconds));
  return c.json(refusal.body, refusal.status);
}

/** Temporal did not answer (down, overloaded, timed out): the caller may retry shortly. */
export function temporalUnreachable(err: unknown): boolean {
  const grpc = isGrpcServiceError(err) ? err : err instanceof ServiceError ? err.cause : undefined;
  return isGrpcServiceError(grpc) && UNREACHABLE_CODES.has(grpc.code);
}

/** One trigger class: its limit, its queue of admissions and what it knows about its runs. */
class TriggerClass {
  /** Admissions of a class decide one at a time, so two requests never both take the last slot. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Starts asked of Temporal that have not answered yet. */
  private pending = 0;
  /** Runs this API started that visibility did not show yet, by run id, with when they started. */
  private readonly unseen = new Map<string, number>();
  /** The last count of runs in flight, and the slots taken since (each an upper bound until the next count). */
  private counted: { at: number; inFlight: number } | undefined;
  private takenSince = 0;
  /** Runs of the class that closed within the drain window, as of the last count. */
  private closedRecently = 0;
  /** The retry time promised to the last refused caller: each next one is promised a later slot. */
  private nextRetryAt = 0;
  private readonly classQuery: string;

  constructor(
    private readonly client: Client,
    readonly trigger: Trigger,
    readonly limit: number,
    taskQueue: string,
  ) {
    // The task queue scopes the count to this deployment when several share a namespace.
    this.classQuery =
      `WorkflowType = "${enrichMovie.name}" AND ${EnrichmentTriggerKey.name} = "${trigger}"` +
      ` AND TaskQueue = "${taskQueue}"`;
  }

  /**
   * Takes a slot when one is free, else says how many are in flight. Between counts the figure only
   * grows by the slots taken (finished runs are noticed at the next count), so it never undercounts.
   */
  reserve(): Promise<{ ok: true } | { ok: false; inFlight: number }> {
    const decide = async () => {
      if (!this.counted || Date.now() - this.counted.at >= RECOUNT_MS) await this.count();
      const inFlight = this.counted!.inFlight + this.takenSince;
      if (inFlight >= this.limit) return { ok: false as const, inFlight };
      this.takenSince++;
      this.pending++;
      return { ok: true as const };
    };
    const run = this.queue.then(decide, decide);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A reserved slot's start answered: with its run id, or not at all (the slot counts until the next count). */
  settle(runId: string | undefined) {
    this.pending--;
    if (runId !== undefined) this.unseen.set(runId, Date.now());
  }

  /** Runs of the class not finished: Temporal's count, plus our starts it does not show yet. */
  private async count() {
    const at = Date.now();
    for (const [runId, started] of this.unseen) if (at - started > UNSEEN_MAX_AGE_MS) this.unseen.delete(runId);
    // Asked before the count, so a run becoming visible in between is counted twice, never missed.
    if (this.unseen.size > 0) {
      const runIds = [...this.unseen.keys()].map((id) => `"${id}"`).join(', ');
      for await (const run of this.client.workflow.list({ query: `RunId IN (${runIds})` }))
        this.unseen.delete(run.runId);
    }
    const since = new Date(at - DRAIN_WINDOW_MS).toISOString();
    const running = `${this.classQuery} AND ExecutionStatus = "Running"`;
    const [all, awaitingReview, closed] = await Promise.all([
      this.client.workflow.count(running),
      // Waiting for a person, possibly for days: not work in flight.
      this.client.workflow.count(`${running} AND ${EnrichmentStatusKey.name} = "awaiting_review"`),
      this.client.workflow.count(`${this.classQuery} AND CloseTime > "${since}"`),
    ]);
    const inFlight = all.count - awaitingReview.count;
    // A start answering meanwhile moved from pending to unseen: counted either way.
    this.counted = { at, inFlight: inFlight + this.unseen.size + this.pending };
    this.takenSince = 0;
    this.closedRecently = closed.count;
  }

  /**
   * Seconds until a refused caller may expect a free slot: the class drains at the rate runs were
   * seen finishing, and each caller refused meanwhile is promised the slot after the previous one,
   * so a burst's retries come back spread out rather than all at once.
   */
  retryAfter(now: number): number {
    if (this.closedRecently === 0) return DEFAULT_RETRY_AFTER_S;
    const slotMs = DRAIN_WINDOW_MS / this.closedRecently;
    this.nextRetryAt = Math.min(Math.max(now, this.nextRetryAt) + slotMs, now + MAX_RETRY_AFTER_S * 1000);
    return Math.max(1, Math.ceil((this.nextRetryAt - now) / 1000));
  }
}

export interface Admissions {
  /**
   * Calls `start` (a workflow start carrying the `EnrichmentTrigger` search attribute) only while
   * fewer than the class's limit of enrichments are in flight; a refusal says why and when to retry.
   * Errors of `start` other than Temporal being unreachable reach the caller unchanged.
   */
  admit<T extends { firstExecutionRunId: string }>(trigger: Trigger, start: () => Promise<T>): Promise<Admission<T>>;
}

function overLimit(cls: TriggerClass, inFlight: number): Refusal {
  const retryAfterSeconds = cls.retryAfter(Date.now());
  return {
    status: 429,
    retryAfterSeconds,
    body: apiError(
      ErrorCode.RateLimited,
      `too many ${cls.trigger} enrichments in flight (limit ${cls.limit}); retry after ${retryAfterSeconds} s`,
      { trigger: cls.trigger, limit: cls.limit, inFlight, retryAfterSeconds },
    ),
  };
}

function createAdmissions(client: Client, config: Config): Admissions {
  const classes = new Map<Trigger, TriggerClass>();
  const classOf = (trigger: Trigger) => {
    let c = classes.get(trigger);
    if (!c) {
      c = new TriggerClass(client, trigger, config.enrichLimits[trigger], config.temporal.taskQueue);
      classes.set(trigger, c);
    }
    return c;
  };
  let unreachableLogged = false;
  return {
    async admit<T extends { firstExecutionRunId: string }>(trigger: Trigger, start: () => Promise<T>) {
      const cls = classOf(trigger);
      // Set on arrival: when Temporal is down, requests queued behind a stuck one fail with it.
      const deadline = Date.now() + TEMPORAL_DEADLINE_MS;
      try {
        const admission = await client.withDeadline(deadline, async (): Promise<Admission<T>> => {
          const slot = await cls.reserve();
          if (!slot.ok) return { admitted: false, refusal: overLimit(cls, slot.inFlight) };
          let runId: string | undefined;
          try {
            const started = await start();
            runId = started.firstExecutionRunId;
            return { admitted: true, started };
          } finally {
            cls.settle(runId);
          }
        });
        unreachableLogged = false;
        return admission;
      } catch (err) {
        if (!temporalUnreachable(err)) throw err;
        // Once per outage: a burst during one would otherwise print a line per request.
        if (!unreachableLogged)
          console.error(`[api] Temporal unreachable, enrichments refused: ${(err as Error).message}`);
        unreachableLogged = true;
        return {
          admitted: false,
          refusal: {
            status: 503,
            retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_S,
            body: apiError(ErrorCode.Unavailable, 'Temporal is unavailable; try again shortly', {
              trigger,
              retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_S,
            }),
          },
        };
      }
    },
  };
}

// One per Temporal client, so every route that starts enrichments shares the counts and the queues.
const admissionsByClient = new WeakMap<Client, Admissions>();

export function admissionsFor(client: Client, config: Config): Admissions {
  let admissions = admissionsByClient.get(client);
  if (!admissions) {
    admissions = createAdmissions(client, config);
    admissionsByClient.set(client, admissions);
  }
  return admissions;
}
