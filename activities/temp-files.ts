import { resolve } from 'node:path';

/**
 * Per-run temp folder on the cache volume: every worker sees it (a later activity may run on
 * another host), and a rename from it into the cache is atomic (same file system).
 */
export function runTempDir(cacheDir: string, runKey: string): string {
  if (!/^[\w.-]+$/.test(runKey)) throw new Error(`bad run key ${JSON.stringify(runKey)}`);
  return resolve(cacheDir, '.tmp', runKey);
}
