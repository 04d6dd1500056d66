// `npx enrich check [--repair]`: the invariant checker over the configured database and cache (the
// same configuration as `npm start`; with the embedded PostgreSQL, the running supervisor's).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPool } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';
import { checkState, repairState, type Problem } from '../storage/invariants.js';

/** Temp files a running system may be using: only older ones are reported. */
const TEMP_GRACE_MS = 3_600_000;
const UNREFERENCED_GRACE_MS = 3_600_000;

const print = (problems: readonly Problem[]) => {
  for (const p of problems) console.log(`${p.kind}: ${p.detail}${p.path ? `: ${p.path}` : ''}`);
};

export async function runCheck(args: string[]): Promise<number> {
  const repair = args.includes('--repair');
  const unknown = args.filter((a) => a !== '--repair');
  if (unknown.length > 0) {
    console.error(`enrich check: unknown argument ${unknown[0]}\nusage: enrich check [--repair]`);
    return 2;
  }
  const config = loadConfig();
  const state = join(config.dataDir, 'supervisor.json');
  const databaseUrl =
    config.databaseUrl ??
    (existsSync(state) ? (JSON.parse(readFileSync(state, 'utf8')) as { databaseUrl?: string }).databaseUrl : undefined);
  if (!databaseUrl) {
    console.error('enrich check: no database: set DATABASE_URL, or run it while npm start runs');
    return 2;
  }
  const pool = createPool(databaseUrl, 2);
  try {
    const opts = { tempGraceMs: TEMP_GRACE_MS, unreferencedGraceMs: UNREFERENCED_GRACE_MS };
    let problems = await checkState(pool, config, opts);
    if (problems.length === 0) {
      console.log(`ok: the cache, the database and the published files agree (${config.cacheDir})`);
      return 0;
    }
    print(problems);
    if (repair) {
      for (const path of await repairState(problems)) console.log(`removed ${path}`);
      problems = await checkState(pool, config, opts);
      if (problems.length === 0) console.log('ok after repair');
      else {
        console.log(`${problems.length} problem(s) remain that need a person:`);
        print(problems);
      }
    }
    return problems.length === 0 ? 0 : 1;
  } catch (err) {
    console.error(`enrich check: ${(err as Error).message}`);
    return 2;
  } finally {
    await pool.end();
  }
}
