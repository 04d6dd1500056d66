// `npx enrich check [--repair] [--idle]`: the invariant checker over the configured database, cache and
// Temporal (the same configuration as `npm start`; with its embedded servers, the running
// supervisor's). `--idle` says nothing should be running, so an open enrichment run is a problem too.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createPool } from '../db/pool.js';
import type { SupervisorState } from '../dev/supervisor-state.js';
import { loadConfig } from '../lib/config.js';
import { connectClient } from '../lib/temporal.js';
import { DOWNLOAD_TIMEOUT_MS, MAX_IMAGE_BYTES } from '../activities/download.js';
import { configuredImagePolicy, ImageFetcher } from '../providers/image-fetch.js';
import { checkState, repairState, type FetchImage, type Problem } from '../storage/invariants.js';

/** Temp files a running system may be using: only older ones are reported. */
const TEMP_GRACE_MS = 3_600_000;
const UNREFERENCED_GRACE_MS = 3_600_000;
const USAGE = 'usage: enrich check [--repair] [--idle]';

const print = (problems: readonly Problem[]) => {
  for (const p of problems) console.log(`${p.kind}: ${p.detail}${p.path ? `: ${p.path}` : ''}`);
};

/** What a running `npm start` recorded about the servers and image hosts it started, as the variables it set. */
function supervisorEnv(dataDir: string): NodeJS.ProcessEnv {
  const file = join(dataDir, 'supervisor.json');
  if (!existsSync(file)) return {};
  const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<SupervisorState>;
  return {
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TMDB_IMAGE_URL: s.imageUrls?.tmdb,
    FANART_IMAGE_URL: s.imageUrls?.fanart,
  };
}

/** A blob's bytes again as a download gets them: the same allow-list, timeout and size cap. */
function fetchWith(fetcher: ImageFetcher): FetchImage {
  return async (url) => {
    const got = await fetcher.get(url, { timeoutMs: DOWNLOAD_TIMEOUT_MS });
    if (!got.ok) throw new Error(got.reason);
    const body = got.res.body;
    if (got.res.statusCode !== 200) {
      await body.dump();
      throw new Error(`HTTP ${got.res.statusCode}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) {
        body.destroy();
        throw new Error(`too large: over ${MAX_IMAGE_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  };
}

export async function runCheck(args: string[]): Promise<number> {
  const repair = args.includes('--repair');
  const idle = args.includes('--idle');
  const unknown = args.filter((a) => a !== '--repair' && a !== '--idle');
  if (unknown.length > 0) {
    console.error(`enrich check: unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  // Set variables win; the supervisor's fill in what only it knows (embedded servers, the demo's image hosts).
  const config = loadConfig({ ...supervisorEnv(loadConfig().dataDir), ...process.env });
  if (!config.databaseUrl) {
    console.error('enrich check: no database: set DATABASE_URL, or run it while npm start runs');
    return 2;
  }
  const pool = createPool(config.databaseUrl, 2);
  const fetcher = new ImageFetcher(configuredImagePolicy(config));
  let client: Client | undefined;
  try {
    client = config.temporal.address ? await connectClient(config) : undefined;
    const opts = { tempGraceMs: TEMP_GRACE_MS, unreferencedGraceMs: UNREFERENCED_GRACE_MS, client, idle };
    let problems = await checkState(pool, config, opts);
    if (problems.length === 0) {
      console.log(
        client
          ? `ok: the cache, the database, the published files and the enrichment runs agree (${config.cacheDir})`
          : `ok: the cache, the database and the published files agree (${config.cacheDir}); ` +
              'enrichment runs not checked: no TEMPORAL_ADDRESS',
      );
      return 0;
    }
    print(problems);
    if (repair) {
      for (const line of await repairState(pool, problems, fetchWith(fetcher))) console.log(line);
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
    await client?.connection.close();
    await fetcher.close();
    await pool.end();
  }
}
