// Every activity's errors pass through here: one that says our own infrastructure is away (the
// database, the cache volume) becomes an `InfrastructureUnavailable` failure, which the workflow
// waits out and retries, instead of counting against the item's own retries and outcome.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { ping } from '../db/health.js';
import { isDatabaseUnavailable, type Pool } from '../db/pool.js';
import { FailureType } from '../domain/failures.js';
import type { InfrastructureDetail, InfrastructureResource } from '../domain/infrastructure.js';

/** File errors of a volume that is gone, read-only, full or failing, rather than of one file. */
const VOLUME_CODES = new Set(['EIO', 'ENOSPC', 'EROFS', 'ENOTCONN', 'ESTALE', 'EDQUOT', 'ENODEV', 'ENXIO']);

/** Our own failures that a missing volume also causes: asked about before they count as the item's. */
const MAYBE_VOLUME: ReadonlySet<string> = new Set([FailureType.TempFileMissing, FailureType.CacheFileMissing]);

/** Bounds the probes: an unreachable database must not hold the activity for its whole timeout. */
const PROBE_TIMEOUT_MS = 5_000;

interface Infrastructure {
  pool: Pool;
  cacheDir: string;
}

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** `probe` within the probe timeout; a probe that hangs (a stuck network mount) counts as a failure. */
async function within(probe: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([
      probe.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const databaseAnswers = (pool: Pool) => within(ping(pool));

/** Writing a small file and removing it: what a full, read-only or failing volume refuses. */
const cacheWritable = (cacheDir: string) =>
  within(
    (async () => {
      const probe = join(cacheDir, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
      // As a download would: a cache folder not made yet is made.
      await mkdir(cacheDir, { recursive: true });
      await writeFile(probe, 'probe');
      await rm(probe, { force: true });
    })(),
  );

/** Which resource, if any, an activity's error shows to be unavailable. */
export async function unavailableResource(err: unknown, infra: Infrastructure): Promise<InfrastructureResource | null> {
  if (err instanceof CancelledFailure) return null;
  if (err instanceof ApplicationFailure) {
    if (!err.type || !MAYBE_VOLUME.has(err.type)) return null;
    return (await cacheWritable(infra.cacheDir)) ? null : 'cache volume';
  }
  if (isDatabaseUnavailable(err)) return 'database';
  const { code, path } = (err ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code === 'string' && VOLUME_CODES.has(code)) {
    if (typeof path === 'string') return inside(infra.cacheDir, path) ? 'cache volume' : null;
    // Written through a file handle, the error names no file: it may be a library folder's volume.
    return (await cacheWritable(infra.cacheDir)) ? null : 'cache volume';
  }
  // An error that does not say whose it is (a raw socket error included): ask the volume and the
  // database themselves.
  if (!(await cacheWritable(infra.cacheDir))) return 'cache volume';
  if (!(await databaseAnswers(infra.pool))) return 'database';
  return null;
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** The activities, each turning an unavailable-infrastructure error into `InfrastructureUnavailable`. */
export function guardInfrastructure<A extends Record<string, AnyActivity>>(activities: A, infra: Infrastructure): A {
  const guarded: Record<string, AnyActivity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    guarded[name] = async (...args) => {
      try {
        return await activity(...args);
      } catch (err) {
        const resource = await unavailableResource(err, infra);
        if (!resource) throw err;
        const detail: InfrastructureDetail = { resource };
        // Not retried here: the workflow waits, showing what for, and schedules the activity again.
        throw ApplicationFailure.create({
          message: `${resource} unavailable: ${(err as Error).message}`,
          type: FailureType.InfrastructureUnavailable,
          nonRetryable: true,
          details: [detail],
          cause: err instanceof Error ? err : undefined,
        });
      }
    };
  }
  return guarded as A;
}
