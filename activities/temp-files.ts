import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RUN_KEY_PATTERN } from '../domain/activity-inputs.js';

/**
 * Per-run temp folder on the cache volume: every worker sees it (a later activity may run on
 * another host), and a rename from it into the cache is atomic (same file system).
 */
export function runTempDir(cacheDir: string, runKey: string): string {
  // Never `.` or `..`, which would name the temp root or the cache itself.
  if (!RUN_KEY_PATTERN.test(runKey)) throw new Error(`bad run key ${JSON.stringify(runKey)}`);
  return resolve(cacheDir, '.tmp', runKey);
}

/** A run's downloads live minutes; a folder untouched this long belongs to a run that died. */
export const STALE_TEMP_MS = 24 * 3600_000;

/**
 * Removes run folders not modified for `maxAgeMs` (a worker killed mid-run, or a download that
 * finished after its run was cancelled). Returns the names removed.
 */
export async function sweepStaleTemp(cacheDir: string, maxAgeMs = STALE_TEMP_MS, now = Date.now()): Promise<string[]> {
  const root = resolve(cacheDir, '.tmp');
  const entries = await readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const removed: string[] = [];
  for (const name of entries) {
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs < maxAgeMs) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
