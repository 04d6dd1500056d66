// A database outage in the middle of thirty enrichments delays them and changes nothing: the
// database is killed (as a crash or a container kill would) four seconds into the run and comes
// back thirty seconds later on the same data; every run then completes with what an undisturbed
// run of the same films recorded and selected, and meanwhile the progress query says what it waits for.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichmentProgress } from '../domain/types.js';
import { checkState } from '../storage/invariants.js';
import { progressQuery } from '../workflows/index.js';
import {
  filmOutcome,
  generatedFilms,
  openRunsReport,
  outcomeDifferences,
  registerFilm,
  requestEnrichment,
  waitClosed,
  type FilmOutcome,
} from './support/film-runs.js';
import { App, Servers } from './support/process-stack.js';

const FILMS = generatedFilms(0, 30);
const KILL_AFTER_MS = 4_000;
const OUTAGE_MS = 30_000;
// Runs close within a minute of the database's return; a hang fails well inside the test's timeout, saying where.
const CLOSE_TIMEOUT_MS = 240_000;
const QUERY_TIMEOUT_MS = 5_000;
const APP_ENV = { AUTO_PUBLISH: 'true' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root: string;
let servers: Servers;
const output: string[] = [];
const log = (source: string, line: string) => output.push(`${source}| ${line}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'database-outage-'));
  servers = await Servers.start(root, log);
});
afterAll(async () => {
  await servers?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Enriches every film on `app`; `during` runs while they are in flight. */
async function enrichAll(app: App, during?: (workflowIds: string[]) => Promise<void>) {
  const movieIds = await Promise.all(FILMS.map((tmdbId) => registerFilm(app, tmdbId)));
  const workflowIds = await Promise.all(movieIds.map((id) => requestEnrichment(app, id)));
  await during?.(workflowIds);
  const runs = await Promise.all(workflowIds.map((w) => waitClosed(app.client, w, CLOSE_TIMEOUT_MS))).catch(
    async (err: Error) => {
      const open = await openRunsReport(app.client, workflowIds);
      throw new Error(`${err.message}\nruns still open:\n${open}\nlast lines logged:\n${output.slice(-80).join('\n')}`);
    },
  );
  const outcomes = new Map<number, FilmOutcome>();
  for (const [i, tmdbId] of FILMS.entries()) outcomes.set(tmdbId, await filmOutcome(app, movieIds[i]!));
  return { runs, outcomes };
}

describe('a 30-second database outage in the middle of 30 enrichments', () => {
  it('is waited out: every run completes as an undisturbed run does, and the progress query shows the wait', async () => {
    const undisturbed = await App.start(servers, 'undisturbed', log, APP_ENV);
    const expected = await enrichAll(undisturbed);
    await undisturbed.stop();
    expect(expected.runs.map((r) => r.status)).toEqual(FILMS.map(() => 'COMPLETED'));

    const app = await App.start(servers, 'outage', log, APP_ENV);
    const waits = new Set<string>();
    let runningAtKill = 0;
    const started = Date.now();
    let restartedAt = 0;
    const actual = await enrichAll(app, async (workflowIds) => {
      await sleep(KILL_AFTER_MS);
      const before = await Promise.all(workflowIds.map((w) => app.client.workflow.getHandle(w).describe()));
      runningAtKill = before.filter((d) => d.status.name === 'RUNNING').length;
      await servers.killPostgres();
      // Ask every running enrichment what it is doing while the database is away.
      for (const deadline = Date.now() + OUTAGE_MS; Date.now() < deadline; await sleep(2_000)) {
        for (const w of workflowIds) {
          const progress = (await app.client.connection
            .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => app.client.workflow.getHandle(w).query(progressQuery))
            .catch(() => null)) as EnrichmentProgress | null;
          if (progress?.waiting) waits.add(`${w}: ${progress.waiting.message}`);
        }
      }
      await servers.startPostgres();
      restartedAt = Date.now();
    });
    const recovered = (Date.now() - restartedAt) / 1000;

    const table = FILMS.map((tmdbId) => {
      const [e, a] = [expected.outcomes.get(tmdbId)!, actual.outcomes.get(tmdbId)!];
      const count = (o: FilmOutcome) => Object.values(o.selections).reduce((n, s) => n + s.length, 0);
      return { tmdbId, undisturbed: count(e), afterOutage: count(a), differences: outcomeDifferences(e, a) };
    });
    console.log(
      `database outage: ${runningAtKill} of ${FILMS.length} runs in flight when PostgreSQL was killed ` +
        `${KILL_AFTER_MS / 1000} s in; back after ${OUTAGE_MS / 1000} s; all closed ${recovered.toFixed(1)} s later ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s in all); ${waits.size} run(s) reported ` +
        `"${[...waits][0]?.split(': ')[1] ?? '—'}"\n` +
        table
          .map(
            (r) =>
              `  film ${r.tmdbId}: selections undisturbed ${r.undisturbed}, after the outage ${r.afterOutage}, ` +
              (r.differences.length ? `DIFFERENT: ${r.differences.join('; ')}` : 'identical'),
          )
          .join('\n'),
    );

    // Neither the worker nor the API may die of the outage (a lost connection must be an error, not a crash).
    // One that did says why in what it printed last.
    const own = output.filter((l) => l.startsWith('worker|') || l.startsWith('api|'));
    const firstExit = own.findIndex((l) => l.includes('exited by itself'));
    if (firstExit >= 0)
      console.log(
        `printed before the first unexpected exit:\n${own.slice(Math.max(0, firstExit - 60), firstExit + 1).join('\n')}`,
      );
    expect(app.unexpectedExits).toEqual([]);
    expect(runningAtKill).toBeGreaterThan(0);
    expect(waits.size).toBeGreaterThan(0);
    expect([...waits].every((w) => w.endsWith('waiting for the database'))).toBe(true);
    expect(actual.runs.filter((r) => r.status !== 'COMPLETED')).toEqual([]);
    for (const run of actual.runs) expect(run.result.status).toBe('enriched');
    expect(table.filter((r) => r.differences.length > 0)).toEqual([]);
    expect(table.every((r) => r.afterOutage > 0)).toBe(true);
    const quiet = { tempGraceMs: 0, unreferencedGraceMs: 0, client: app.client, idle: true };
    expect(await checkState(app.pool, app.config, quiet)).toEqual([]);
    await app.stop();
  }, 600_000);
});
