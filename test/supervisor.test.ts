// `npm start`'s supervisor, run for real on its own data folder, API port and Temporal dev server:
// a stale state file does not block it, a killed PostgreSQL or Temporal dev server is reported and
// restarted on the same data while the worker rides it out, a killed worker is restarted, and Ctrl-C
// ends every process in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../dev/ports.js';
import { RestartPolicy } from '../dev/restart-policy.js';
import {
  commandLine,
  reapLeftovers,
  stillRunning,
  type OwnedProcess,
  type SupervisorState,
} from '../dev/supervisor-state.js';
import { projectRoot } from '../lib/config.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process that does nothing for a while: stands in for a leftover, or for an unrelated program. */
function idleProcess(): ChildProcess {
  return spawn('sleep', ['600'], { stdio: 'ignore' });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const p = spawn('true');
  await new Promise((r) => p.once('exit', r));
  return p.pid!;
}

const gone = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

describe('restart policy', () => {
  it('backs off 1, 2, 4, 8, 16 s, refuses a sixth restart within 10 minutes, and forgets older ones', () => {
    let now = 0;
    const policy = new RestartPolicy(() => now);
    expect([1, 2, 3, 4, 5].map(() => policy.next())).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(policy.next()).toBeUndefined();
    now = 600_000;
    expect(policy.next()).toBe(1000);
  });
});

describe('stale supervisor.json', () => {
  it('refuses only while its supervisor still runs, and never signals a process that merely has a recorded pid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'supervisor-state-'));
    const file = join(dir, 'supervisor.json');
    const unrelated = idleProcess();
    const running = idleProcess();
    await sleep(200);
    const live: OwnedProcess = { name: 'supervisor', pid: running.pid!, command: commandLine(running.pid!)! };
    const me: OwnedProcess = { name: 'supervisor', pid: process.pid, command: commandLine(process.pid)! };
    const stale = (supervisor: OwnedProcess): SupervisorState => ({
      supervisor,
      // The pid now belongs to another program: it was recorded with a different command line.
      processes: [{ name: 'postgres', pid: unrelated.pid!, command: 'postgres -D /elsewhere' }],
    });
    try {
      await writeFile(file, JSON.stringify(stale(live)));
      await expect(reapLeftovers(file, () => undefined)).rejects.toThrow(/already running \(pid \d+\)/);
      expect(existsSync(file)).toBe(true);

      // Our own pid recorded: a restarted container reusing the pid, not a second supervisor.
      await writeFile(file, JSON.stringify(stale(me)));
      await reapLeftovers(file, () => undefined);
      expect(existsSync(file)).toBe(false);

      await writeFile(file, JSON.stringify(stale({ ...me, pid: unrelated.pid!, command: 'node scripts/start.ts' })));
      await reapLeftovers(file, () => undefined);
      expect(existsSync(file)).toBe(false);
      await sleep(200);
      expect(gone(unrelated)).toBe(false);
    } finally {
      unrelated.kill();
      running.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start supervisor', () => {
  let dataDir: string;
  let stateFile: string;
  let supervisor: ChildProcess;
  let api: string;
  let leftover: ChildProcess;
  let unrelated: ChildProcess;
  const lines: string[] = [];

  /** Resolves with the first line from `from` on that matches, waiting for it up to `timeoutMs`. */
  async function line(re: RegExp, from: number, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(200)) {
      for (const l of lines.slice(from)) {
        const m = re.exec(l);
        if (m) return m;
      }
      if (gone(supervisor)) throw new Error(`supervisor exited while waiting for ${re}:\n${lines.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`no line ${re} within ${timeoutMs / 1000} s:\n${lines.join('\n')}`);
    }
  }

  async function healthy(timeoutMs = 90_000): Promise<void> {
    let last = '';
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
      const res = await fetch(`${api}/health`).catch((err: Error) => err);
      if (!(res instanceof Error) && res.status === 200) return;
      last = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
    }
    throw new Error(`${api}/health not green within ${timeoutMs / 1000} s: ${last}`);
  }

  const state = () => JSON.parse(readFileSync(stateFile, 'utf8')) as SupervisorState;
  const pidOf = (name: string) => state().processes.find((p) => p.name === name)?.pid;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
    await chmod(dataDir, 0o755);
    stateFile = join(dataDir, 'supervisor.json');
    [leftover, unrelated] = [idleProcess(), idleProcess()];
    // What a supervisor killed outright leaves: its own pid long gone, one child still running, and
    // one pid that another program has taken since.
    const stale: SupervisorState = {
      supervisor: { name: 'supervisor', pid: await deadPid(), command: 'node --import tsx scripts/start.ts' },
      processes: [
        { name: 'worker', pid: leftover.pid!, command: commandLine(leftover.pid!)! },
        { name: 'api', pid: unrelated.pid!, command: 'node --import tsx /elsewhere/api/main.ts' },
        { name: 'providers', pid: await deadPid(), command: 'node --import tsx /elsewhere/fake-providers/main.ts' },
      ],
    };
    await writeFile(stateFile, JSON.stringify(stale));

    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), FORCE_COLOR: '0' };
    // Everything embedded: its own PostgreSQL and Temporal dev server; demo mode.
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TMDB_API_KEY', 'API_KEY', 'CACHE_DIR', 'HOST'])
      delete env[name];
    // Its own process group, as a terminal gives it: a Ctrl-C then goes to the whole group.
    supervisor = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [supervisor.stdout!, supervisor.stderr!]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (buffered + chunk).split('\n');
        buffered = parts.pop()!;
        lines.push(...parts);
      });
    }
    await line(/^setup\s+\| ready in /, 0, 170_000);
    // The kills below then meet a quiet system rather than the demo's enrichments mid-run (what an
    // outage does to those is test/database-outage.test.ts's and the chaos suite's to show).
    await line(/^demo\s+\| (demo done|demo stopped|\d+ demo movies already enriched)/, 0, 170_000);
  });

  afterAll(async () => {
    if (supervisor && !gone(supervisor)) process.kill(-supervisor.pid!, 'SIGKILL');
    // Whatever a failed case left running, as the next `npm start` would stop it.
    if (stateFile && existsSync(stateFile)) await reapLeftovers(stateFile, () => undefined, 2_000);
    leftover?.kill();
    unrelated?.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts over a stale state file: stops the leftover it names, leaves a reused pid alone', async () => {
    await line(new RegExp(`stopping worker \\(pid ${leftover.pid}\\), left running by an earlier npm start`), 0);
    expect(gone(leftover)).toBe(true);
    expect(gone(unrelated)).toBe(false);
    expect(state().supervisor.pid).toBe(supervisor.pid);
  });

  it('restarts a killed PostgreSQL on the same data and port; the worker rides it out', async () => {
    const worker = pidOf('worker');
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    expect(pidOf('postgres')).toBe(Number(pid));
    const from = lines.length;
    process.kill(Number(pid), 'SIGKILL');
    await line(/^postgres\s+\| exited unexpectedly \(killed by SIGKILL\); restarting it in 1 s$/, from);
    const [, restarted] = await line(/^postgres\s+\| restarted \(pid (\d+)\)$/, from);
    await healthy();
    const [newPid, , , newPort] = readFileSync(pidFile, 'utf8').split('\n');
    expect(Number(newPid)).toBe(Number(restarted));
    expect(newPort).toBe(port);
    expect(pidOf('postgres')).toBe(Number(restarted));
    expect(pidOf('worker')).toBe(worker);
  });

  it('restarts a killed Temporal dev server on the same SQLite file; the worker polls it again', async () => {
    const worker = pidOf('worker');
    const pid = pidOf('temporal')!;
    expect(commandLine(pid)).toContain(`--db-filename ${join(dataDir, 'temporal.sqlite')}`);
    const from = lines.length;
    process.kill(pid, 'SIGKILL');
    await line(/^temporal\s+\| exited unexpectedly \(killed by SIGKILL\); restarting it in 1 s$/, from);
    const [, restarted] = await line(/^temporal\s+\| restarted \(pid (\d+)\)$/, from);
    // Green again only once a worker has polled the restarted server.
    await healthy();
    expect(pidOf('temporal')).toBe(Number(restarted));
    expect(commandLine(Number(restarted))).toContain(`--db-filename ${join(dataDir, 'temporal.sqlite')}`);
    expect(pidOf('worker')).toBe(worker);
  });

  it('restarts a killed worker, which polls again', async () => {
    const pid = pidOf('worker')!;
    const from = lines.length;
    process.kill(pid, 'SIGKILL');
    await line(/^worker\s+\| exited unexpectedly \(killed by SIGKILL\); restarting it in 1 s$/, from);
    const [, restarted] = await line(/^worker\s+\| restarted \(pid (\d+)\)$/, from);
    await line(/^worker\s+\| worker polling task queue /, from);
    await healthy();
    expect(pidOf('worker')).toBe(Number(restarted));
  });

  it('Ctrl-C ends every process it started, in order and within the bound, without an error line', async () => {
    const owned = state().processes;
    expect(owned.map((p) => p.name).sort()).toEqual(['api', 'postgres', 'providers', 'temporal', 'worker']);
    const from = lines.length;
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => supervisor.once('exit', (code) => r(code)));
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-supervisor.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const seconds = (Date.now() - t0) / 1000;
    const after = lines.slice(from);
    console.log(`stopped in ${seconds.toFixed(1)} s`);
    // The worker's default grace (20 s) plus 10 s is the hard bound; a clean stop takes seconds.
    expect(seconds).toBeLessThan(30);
    // PostgreSQL stopping before the worker and the API would show here as their pools' `idle client error`.
    expect(after.filter((l) => /error/i.test(l))).toEqual([]);
    expect(after.at(-1)).toBe('setup    | stopped');
    expect(owned.filter(stillRunning)).toEqual([]);
    expect(existsSync(stateFile)).toBe(false);
  });
});
