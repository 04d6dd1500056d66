// `npx enrich check`, run as a user runs it, over a harness stack: healthy, then with a corrupted
// cache file, leftover temp files and an orphan planted, then with enrichment runs left open or
// terminated; and the rule over enrichment runs on its own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../domain/failures.js';
import { projectRoot } from '../lib/config.js';
import { fileSha256 } from '../storage/blob-store.js';
import { repairState, runProblems, type RunFacts } from '../storage/invariants.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';
import { published } from './support/publishing.js';

const h = useHarness();

const check = async (...args: string[]) => {
  const env = {
    ...process.env,
    DATA_DIR: h.config.dataDir,
    CACHE_DIR: h.config.cacheDir,
    DATABASE_URL: h.config.databaseUrl!,
    TEMPORAL_ADDRESS: h.config.temporal.address!,
    TEMPORAL_NAMESPACE: h.config.temporal.namespace,
    TASK_QUEUE: h.config.temporal.taskQueue,
    // The allow-list a repair fetches through: the fake providers' image hosts.
    TMDB_IMAGE_URL: h.config.tmdb.imageUrl,
    FANART_IMAGE_URL: h.config.fanart.imageUrl,
  };
  try {
    const { stdout } = await promisify(execFile)('npx', ['--no', 'enrich', 'check', ...args], {
      cwd: projectRoot,
      env,
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: `${e.stdout}${e.stderr}` };
  }
};

const twoHoursAgo = () => new Date(Date.now() - 2 * 3_600_000);
/** Until Temporal's visibility, which the checker reads, lists the run with this status (it is written just after). */
const listed = async (workflowId: string, status: string) => {
  for (let tries = 0; tries < 100; tries++) {
    for await (const w of h.client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
      if (w.status.name === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${workflowId} not listed as ${status}`);
};
const firstBlob = async () =>
  (
    await h.pool.query<{ sha256: string; file_path: string }>(
      'SELECT sha256, file_path FROM cache_blobs ORDER BY sha256 LIMIT 1',
    )
  ).rows[0]!;

describe('npx enrich check', () => {
  it('says a healthy stack is healthy, names what is wrong, and --repair fetches the file again and removes the leftovers', async () => {
    const folder = join(h.config.dataDir, 'library', 'Alien (1979)');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Alien (1979).mkv'), '');
    const movie = await call(h.api, 'POST', '/api/movies', { tmdbId: 348, path: join(folder, 'Alien (1979).mkv') });
    const run = await call(h.api, 'POST', `/api/movies/${movie.body.id}/enrich`);
    expect((await waitForEnrichment(h.api, run.body.workflowId)).status).toBe('COMPLETED');
    await published(h, movie.body.id);

    const healthy = await check();
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(/^ok: the cache, the database, the published files and the enrichment runs agree/);

    const { sha256, file_path: blob } = await firstBlob();
    await writeFile(blob, 'not the picture');
    const downloadTemp = join(h.config.cacheDir, '.tmp', 'enrich-movie-1-dead');
    await mkdir(downloadTemp, { recursive: true });
    await writeFile(join(downloadTemp, '7-1-abcd.part'), 'half a download');
    await utimes(downloadTemp, twoHoursAgo(), twoHoursAgo());
    const publishTemp = join(folder, '.Alien (1979).nfo.tmp-0123456789ab');
    await writeFile(publishTemp, '<movie>');
    await utimes(publishTemp, twoHoursAgo(), twoHoursAgo());
    const orphan = join(h.config.cacheDir, 'images', 'ff', 'ff', `${'f'.repeat(64)}.jpg`);
    await mkdir(join(orphan, '..'), { recursive: true });
    await writeFile(orphan, 'nobody refers to me');
    // A repair cut short: named after a blob that has its row, and still nobody's file.
    const repairTemp = `${blob}.repair-0123456789ab`;
    await writeFile(repairTemp, 'half a repair');
    // A temp file of a run still going is left alone.
    const fresh = join(h.config.cacheDir, '.tmp', 'enrich-movie-2-running');
    await mkdir(fresh, { recursive: true });

    const broken = await check();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`corrupt-blob: blob `);
    expect(broken.stdout).toContain(blob);
    expect(broken.stdout).toContain(`stale-temp: a download temp folder left behind: ${downloadTemp}`);
    expect(broken.stdout).toContain(`stale-temp: a publish temp file left behind: ${publishTemp}`);
    expect(broken.stdout).toContain(`orphan-file: a cache file without a blob row: ${orphan}`);
    expect(broken.stdout).toContain(`orphan-file: a cache file without a blob row: ${repairTemp}`);
    expect(broken.stdout).not.toContain(fresh);

    const repaired = await check('--repair');
    expect(repaired.stdout).toMatch(new RegExp(`re-fetched ${blob} from http://127\\.0\\.0\\.1:\\d+/`));
    expect(repaired.stdout).toContain(`removed ${downloadTemp}`);
    expect(repaired.stdout).toContain(`removed ${publishTemp}`);
    expect(repaired.stdout).toContain(`removed ${orphan}`);
    expect(repaired.stdout).toContain(`removed ${repairTemp}`);
    expect(existsSync(repairTemp)).toBe(false);
    expect(repaired.stdout).toContain('ok after repair');
    expect(repaired.code).toBe(0);
    expect(await fileSha256(blob)).toBe(sha256);
    expect([existsSync(downloadTemp), existsSync(publishTemp), existsSync(orphan), existsSync(fresh)]).toEqual([
      false,
      false,
      false,
      true,
    ]);

    const again = await check();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^ok: /);
  });

  it('leaves a cache file that no URL gives the right bytes for as it is, for a person', async () => {
    const { file_path: blob } = await firstBlob();
    await writeFile(blob, 'not the picture');
    h.providers.setFaults([
      { match: '/t/p/', status: 404 },
      { match: '/fanart/art/', status: 404 },
    ]);
    try {
      const repaired = await check('--repair');
      expect(repaired.code).toBe(1);
      expect(repaired.stdout).toMatch(new RegExp(`not re-fetched ${blob}: http://\\S+: HTTP 404`));
      expect(repaired.stdout).toMatch(/1 problem\(s\) remain that need a person:\ncorrupt-blob: /);
      expect(await readFile(blob, 'utf8')).toBe('not the picture');
    } finally {
      h.providers.clearFaults();
    }
    // Only bytes with the blob's hash are taken, whatever a URL answers.
    const problems = [
      { kind: 'corrupt-blob', detail: '', path: blob, sha256: (await firstBlob()).sha256, repairable: true },
    ];
    const [said] = await repairState(h.pool, problems, async () => Buffer.from('other bytes'));
    expect(said).toMatch(new RegExp(`^not re-fetched ${blob}: \\S+: other bytes \\([0-9a-f]{64}\\)`));
    expect(await readFile(blob, 'utf8')).toBe('not the picture');
    expect((await check('--repair')).code).toBe(0);
  });

  it('reports an enrichment run left open when the system should be idle, and one that was terminated', async () => {
    await h.stopWorker(); // a run started now stays open
    const movie = await call(h.api, 'POST', '/api/movies', { tmdbId: 78 });
    const run = await call(h.api, 'POST', `/api/movies/${movie.body.id}/enrich`);
    const workflowId: string = run.body.workflowId;
    await listed(workflowId, 'RUNNING');
    expect((await check()).code).toBe(0);

    const idle = await check('--idle');
    expect(idle.code).toBe(1);
    expect(idle.stdout).toMatch(new RegExp(`^run-open: ${workflowId} run \\S+ is still running`, 'm'));

    await h.client.workflow.getHandle(workflowId).terminate('test');
    await listed(workflowId, 'TERMINATED');
    const terminated = await check('--repair');
    expect(terminated.code).toBe(1);
    expect(terminated.stdout).toMatch(new RegExp(`^run-terminated: ${workflowId} run \\S+ was terminated`, 'm'));
    expect(terminated.stdout).toContain('1 problem(s) remain that need a person');
  });
});

describe('the rule over enrichment runs', () => {
  const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
  const run = (workflowId: string, runId: string, status: string, start: number, close?: number): RunFacts => ({
    workflowId,
    runId,
    status,
    startTime: at(start),
    closeTime: close === undefined ? undefined : at(close),
  });

  it('accepts runs that each ended by their own outcome, one after another per movie', () => {
    const runs = [
      run('enrich-movie-1', 'a', 'COMPLETED', 0, 10),
      run('enrich-movie-1', 'b', 'COMPLETED', 10, 20),
      run('enrich-movie-1', 'c', 'RUNNING', 30),
      { ...run('enrich-movie-2', 'd', 'FAILED', 0, 5), failureTypes: [FailureType.ScrapeFailed] },
      run('enrich-movie-3', 'e', 'CANCELLED', 0, 5),
    ];
    expect(runProblems(runs, false)).toEqual([]);
    expect(runProblems(runs, true).map((p) => p.kind)).toEqual(['run-open']);
  });

  it('names runs ended by their infrastructure, a timeout or a termination, and runs of one movie that overlap', () => {
    const problems = runProblems(
      [
        {
          ...run('enrich-movie-1', 'a', 'FAILED', 0, 10),
          failureTypes: ['ActivityFailure', FailureType.InfrastructureUnavailable],
        },
        run('enrich-movie-2', 'b', 'TIMED_OUT', 0, 10),
        run('enrich-movie-3', 'c', 'TERMINATED', 0, 10),
        run('enrich-movie-4', 'd', 'COMPLETED', 0, 20),
        run('enrich-movie-4', 'e', 'COMPLETED', 15, 30),
      ],
      false,
    );
    expect(problems.map((p) => `${p.kind}: ${p.detail}`)).toEqual([
      'run-failed-infrastructure: enrich-movie-1 run a failed: InfrastructureUnavailable',
      'run-timed-out: enrich-movie-2 run b timed out',
      'run-terminated: enrich-movie-3 run c was terminated',
      'runs-overlap: enrich-movie-4: run e started while run d was open',
    ]);
  });
});
