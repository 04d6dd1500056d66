// The short chaos variant for `npm test`: one kill of each of the four processes; the long suite
// (`npm run test:chaos`) runs fifty and more rounds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runChaos, summarise } from './chaos/run-chaos.js';

it('kills the worker, the API, PostgreSQL and Temporal mid-run; every round ends green and as undisturbed', async () => {
  const root = await mkdtemp(join(tmpdir(), 'chaos-short-'));
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
  try {
    const reports = await runChaos({
      root,
      seed,
      rounds: 4,
      filmsPerRound: 5,
      maxPostgresOutageMs: 10_000,
      log: (l) => console.log(l),
    });
    console.log(summarise(reports));
    expect(new Set(reports.map((r) => r.target)).size).toBe(4);
    expect(reports.filter((r) => r.problems.length > 0)).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 600_000);
