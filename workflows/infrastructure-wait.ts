// Waiting out our own infrastructure: an activity that found the database or the cache volume
// unavailable is scheduled again after a backoff, for as long as the wait limit allows, while the
// progress query says what the run waits for. Only then does the run fail, loudly.
import { ActivityFailure, ApplicationFailure, sleep } from '@temporalio/workflow';
import { FailureType } from '../domain/failures.js';
import {
  infrastructureBackoffMs,
  INFRASTRUCTURE_WAIT_LIMIT_MS,
  type InfrastructureDetail,
  type InfrastructureResource,
  type InfrastructureWaitState,
} from '../domain/infrastructure.js';

/** The resource an activity failure says is unavailable, if that is what it says. */
function unavailable(err: unknown): { resource: InfrastructureResource; reason: string } | null {
  // A scheduled activity's failure comes wrapped in an ActivityFailure, a local activity's as thrown.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure) || cause.type !== FailureType.InfrastructureUnavailable) return null;
  const detail = cause.details?.[0] as InfrastructureDetail | undefined;
  return { resource: detail?.resource ?? 'database', reason: cause.message };
}

/** Whether a run gave up waiting: callers that turn failures into outcomes must let this one through. */
export function isInfrastructureGiveUp(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.type === FailureType.InfrastructureUnavailable;
}

/** One run's waits, shared by all its activity calls, with what they wait for reported through `onChange`. */
export class InfrastructureWait {
  private readonly waiting = new Map<number, InfrastructureWaitState>();
  private nextId = 0;

  constructor(
    private readonly onChange: (state: InfrastructureWaitState | undefined) => void = () => undefined,
    private readonly limitMs = INFRASTRUCTURE_WAIT_LIMIT_MS,
  ) {}

  /** Runs `step`, again and again while it finds the infrastructure unavailable. */
  async run<T>(step: () => Promise<T>): Promise<T> {
    const id = this.nextId++;
    let firstFailure: number | undefined;
    try {
      for (let retry = 1; ; retry++) {
        try {
          return await step();
        } catch (err) {
          const found = unavailable(err);
          if (!found) throw err;
          firstFailure ??= Date.now();
          const waited = Date.now() - firstFailure;
          if (waited >= this.limitMs)
            throw ApplicationFailure.create({
              message: `gave up after waiting ${Math.round(waited / 60_000)} min for the ${found.resource}: ${found.reason}`,
              type: FailureType.InfrastructureUnavailable,
              nonRetryable: true,
              cause: err as Error,
            });
          this.waiting.set(id, {
            resource: found.resource,
            message: `waiting for the ${found.resource}`,
            since: new Date(firstFailure).toISOString(),
            reason: found.reason,
            retries: retry,
          });
          this.report();
          await sleep(infrastructureBackoffMs(retry));
        }
      }
    } finally {
      if (this.waiting.delete(id)) this.report();
    }
  }

  /** The activities of a group, each call waited out through `run`. */
  wrap<A extends object>(activities: A): A {
    return new Proxy(activities, {
      get: (target, name) => {
        const activity = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => this.run(() => activity(...args));
      },
    });
  }

  /** The longest-waiting call speaks for the run. */
  private report(): void {
    let oldest: InfrastructureWaitState | undefined;
    for (const w of this.waiting.values()) if (!oldest || w.since < oldest.since) oldest = w;
    this.onChange(oldest);
  }
}
