// A library scan whose worker is killed in the middle of the walk continues, on the restarted
// worker, after the last folder it finished (its heartbeat carries its place), and registers
// nothing twice. The worker's restart also leaves exactly one refresh schedule.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshScheduleId } from '../domain/workflow-ids.js';
import { App, Servers } from './support/process-stack.js';

const FOLDERS = 600;
/** The folder whose film the test holds locked: the scan stops there until the worker is killed. */
const BLOCKED = 300;
/** Longer than the SDK's heartbeat throttle (0.8 × the scan's 10 s heartbeat timeout). */
const HEARTBEAT_FLUSH_MS = 9_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const name = (i: number) => `Film Crash ${String(i).padStart(4, '0')} (${1900 + (i % 100)})`;

let root: string;
let servers: Servers;
let app: App;
const output: string[] = [];
const log = (source: string, line: string) => output.push(`${source}| ${line}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scan-crash-'));
  servers = await Servers.start(root, log);
  app = await App.start(servers, 'scan', log, { REFRESH_INTERVAL: '1d' });
}, 300_000);
afterAll(async () => {
  await app?.stop();
  await servers?.stop();
  await rm(root, { recursive: true, force: true });
});

async function libraryCount(libraryId: number): Promise<number> {
  const { rows } = await app.pool.query('SELECT count(*)::int AS n FROM movies WHERE library_id = $1', [libraryId]);
  return rows[0].n;
}

describe('a library scan killed midway', () => {
  it('resumes after the last folder it finished and registers nothing twice', async () => {
    const library = join(app.config.libraryRoots[0]!, 'movies');
    for (let i = 1; i <= FOLDERS; i++) {
      await mkdir(join(library, name(i)), { recursive: true });
      await writeFile(join(library, name(i), `${name(i)} WEBDL-1080p.mkv`), 'v');
    }
    // Film 300 is known already (registered by title, no file yet); the test holds its row.
    const blocked = await app.call('POST', '/api/movies', {
      title: `Film Crash ${String(BLOCKED).padStart(4, '0')}`,
      year: 1900 + (BLOCKED % 100),
    });
    expect(blocked?.status).toBe(201);
    const lock = new pg.Client({ connectionString: app.config.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM movies WHERE id = $1 FOR UPDATE', [blocked!.body.id]);

    const libraryId = (await app.call('POST', '/api/libraries', { name: 'Movies', path: library, autoEnrich: false }))!
      .body.id as number;
    expect((await app.call('POST', `/api/libraries/${libraryId}/scan`))?.status).toBe(202);
    for (const deadline = Date.now() + 60_000; (await libraryCount(libraryId)) < BLOCKED - 1; await sleep(200))
      if (Date.now() > deadline) throw new Error(`scan stalled at ${await libraryCount(libraryId)} films`);
    await sleep(HEARTBEAT_FLUSH_MS);
    expect(await libraryCount(libraryId)).toBe(BLOCKED - 1);

    await app.kill('worker');
    await lock.query('ROLLBACK');
    await lock.end();
    await app.startProcess('worker');

    let scan;
    for (const deadline = Date.now() + 120_000; ; await sleep(500)) {
      const res = await app.call('GET', `/api/libraries/${libraryId}/scan`);
      if (res?.body.status === 'COMPLETED') {
        scan = res.body.result.scan;
        break;
      }
      if (Date.now() > deadline) throw new Error(`scan not done: ${JSON.stringify(res?.body)}`);
    }
    expect(scan.resumedAfter).toBe(name(BLOCKED - 1));
    expect(scan.folders).toBe(FOLDERS);
    // The killed attempt's update of film 300 may have committed after the kill (it waited on the
    // lock); either way film 300 is the movie registered before, now with its file.
    expect(scan.added.length).toBe(FOLDERS - 1);
    expect(scan.moved.length + scan.unchanged).toBe(1);
    const { rows } = await app.pool.query<{ n: number; paths: number; blocked: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT file_path)::int AS paths,
              (SELECT file_path FROM movies WHERE id = $1) AS blocked
         FROM movies WHERE deleted_at IS NULL`,
      [blocked!.body.id],
    );
    expect(rows[0]).toEqual({
      n: FOLDERS,
      paths: FOLDERS,
      blocked: join(library, name(BLOCKED), `${name(BLOCKED)} WEBDL-1080p.mkv`),
    });
    console.log(
      `[scan] killed after ${BLOCKED - 1} of ${FOLDERS} folders; resumed after "${scan.resumedAfter}"; ` +
        `${scan.added.length} added, ${scan.moved.length} moved, ${scan.unchanged} unchanged, ${rows[0]!.n} movies`,
    );
  }, 240_000);

  it('leaves exactly one refresh schedule after the worker restarts', async () => {
    await app.stopProcess('worker');
    await app.startProcess('worker');
    const schedules = [];
    for await (const s of app.client.schedule.list())
      if (s.scheduleId === refreshScheduleId(app.config.temporal.taskQueue)) schedules.push(s);
    expect(schedules).toHaveLength(1);
    const description = await app.client.schedule
      .getHandle(refreshScheduleId(app.config.temporal.taskQueue))
      .describe();
    expect(description.spec.intervals).toEqual([expect.objectContaining({ every: 86_400_000 })]);
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'enrichBatch' });
    expect(output.filter((l) => l.includes('scheduled refresh every 86400 s'))).toEqual([
      expect.stringContaining('(schedule created)'),
      expect.stringContaining('(schedule updated)'),
      expect.stringContaining('(schedule updated)'),
    ]);
  }, 120_000);
});
