// `npx enrich` against a real API: registering, enriching with --follow (JSON lines, and progress
// bars in a pseudo-terminal), retrying failed runs, and the exit codes scripts rely on; and --follow
// keeping to the run it started.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';
import { progressEventSchema, type ProgressEvent } from '../domain/progress-events.js';
import { projectRoot } from '../lib/config.js';
import { EXIT, type ApiClient } from '../scripts/cli/client.js';
import { follow } from '../scripts/cli/follow.js';

const h = useHarness();

async function run(args: string[], key = TEST_API_KEY) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['--no', 'enrich', ...args, '--api', h.api, '--api-key', key],
      { cwd: projectRoot },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI in a pseudo-terminal (`script`), so it sees a TTY as in an interactive shell. */
async function runInTerminal(args: string[]) {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = ['npx', '--no', 'enrich', ...args, '--api', h.api, '--api-key', TEST_API_KEY].map(quote).join(' ');
  try {
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { cwd: projectRoot });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('npx enrich, API commands', () => {
  it('adds a movie and follows its enrichment to the end as JSON lines, and as progress bars in a terminal', async () => {
    const added = await run(['add', '--tmdb', '603', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const movieId = JSON.parse(added.stdout).id as number;

    const followed = await run(['enrich', String(movieId), '--follow', '--json']);
    expect(followed.code, followed.stderr).toBe(0);
    const events = followed.stdout
      .trim()
      .split('\n')
      .map((line) => progressEventSchema.parse(JSON.parse(line)));
    expect(events[0]!.type).toBe('snapshot');
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'enriched', movieId });
    const counted = new Set(events.flatMap((e) => (e.type === 'counters' ? [e.assetType] : [])));
    expect([...counted]).toEqual(expect.arrayContaining(['poster', 'fanart']));
    console.log(`enrich --follow --json: ${events.length} lines, counters for ${[...counted].join(', ')}`);
    // Known by its TMDB id: the same movie, now with its title.
    expect((await run(['add', '--tmdb', '603'])).stdout).toBe(
      `movie ${movieId}: The Matrix (1999) (already registered)\n`,
    );

    // In a terminal: a bar per asset type, redrawn in place, and the outcome.
    const shown = await runInTerminal(['enrich', String(movieId), '--force', '--follow']);
    expect(shown.code, shown.stdout).toBe(0);
    expect(shown.stdout).toMatch(/poster +█+/);
    expect(shown.stdout).toContain('\x1b[2K');
    expect(shown.stdout).toMatch(/done: enriched/);
    const lastFrame = shown.stdout.slice(shown.stdout.lastIndexOf(`enrich-movie-${movieId}  complete`));
    console.log(`enrich --follow in a terminal, last frame:\n${lastFrame.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')}`);

    const status = await run(['status', String(movieId)]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^movie \d+: The Matrix \(1999\)/);
    expect(status.stdout).toContain('enrichment: completed');
  });

  it('reports a failed enrichment with exit code 1, lists it, and retries every failed run', async () => {
    const movieId = JSON.parse((await run(['add', '--tmdb', '348', '--json'])).stdout).id as number;
    // TMDB refusing our key fails the scrape at once.
    h.providers.setFaults([{ match: '/3/movie/348', status: 401 }]);
    const failedRun = await run(['enrich', String(movieId), '--follow']);
    expect(failedRun.code).toBe(1);
    expect(failedRun.stdout).toMatch(/failed \(FAILED\): .*scrap/);
    h.providers.clearFaults();

    const listed = await run(['failed', '--json']);
    expect(JSON.parse(listed.stdout).items.map((r: { workflowId: string }) => r.workflowId)).toContain(
      `enrich-movie-${movieId}`,
    );
    const retried = await run(['retry', '--all-failed']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain(`retried enrich-movie-${movieId}`);
    expect((await waitForEnrichment(h.api, `enrich-movie-${movieId}`)).status).toBe('COMPLETED');
    // Retried already: nothing failed is left, and naming it answers the API's refusal.
    expect((await run(['retry', '--all-failed'])).stdout).toContain('0 of 1 retried');
    const again = await run(['retry', `enrich-movie-${movieId}`]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^enrich: enrich-movie-\d+: .*COMPLETED/m);
  });

  it('exits 2 on a usage error, 3 on a wrong key or an unreachable API, 1 on an API error', async () => {
    const usage = await run(['review', '1', 'maybe']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^enrich: review: approve or reject\nusage: enrich/);
    expect((await run(['enrich'])).code).toBe(2);
    expect((await run(['status', '--bogus'])).code).toBe(2);

    const wrongKey = await run(['status'], 'not-the-key-0123456789');
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.stderr).toBe('enrich: wrong API key\n');
    const unreachable = await promisify(execFile)('npx', ['--no', 'enrich', 'failed', '--api', 'http://127.0.0.1:9'], {
      cwd: projectRoot,
      env: { ...process.env, API_KEY: TEST_API_KEY },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(unreachable).toMatchObject({ code: 3, stderr: expect.stringMatching(/^enrich: cannot reach the API/) });

    const missing = await run(['enrich', '999999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('enrich: movie 999999999 not found\n');
  });
});

describe('enrich --follow', () => {
  it('asks for the run it started and passes over the events of another run of the workflow', async () => {
    const ref = (runId: string) => ({ workflowId: 'enrich-movie-1', runId, movieId: 1 });
    const done = (runId: string): ProgressEvent => ({
      type: 'done',
      ...ref(runId),
      outcome: 'enriched',
      completenessPct: 100,
      publish: null,
      message: null,
      providers: {},
      types: {},
    });
    const events: ProgressEvent[] = [
      { type: 'snapshot', ...ref('old'), status: 'RUNNING', progress: null },
      done('old'),
      { type: 'snapshot', ...ref('new'), status: 'RUNNING', progress: null },
      done('new'),
    ];
    const stream = events.map((e, i) => `id: ${e.runId}:${i}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    const asked: string[] = [];
    const api = {
      send: async (_method: string, path: string) => {
        asked.push(path);
        return new Response(stream.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
      },
    } as unknown as ApiClient;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let printed: unknown[][];
    try {
      expect(await follow(api, 'enrich-movie-1', 'new', 'json')).toBe(EXIT.ok);
      printed = log.mock.calls;
    } finally {
      log.mockRestore();
    }
    expect(asked).toEqual(['/api/enrichments/enrich-movie-1/events?runId=new']);
    expect(printed.map(([line]) => JSON.parse(line as string) as ProgressEvent)).toEqual(events.slice(2));
  });
});
