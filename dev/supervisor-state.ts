// `{DATA_DIR}/supervisor.json`: which processes a running `npm start` owns, so that the next start
// can stop what a supervisor killed outright left behind. A pid alone proves nothing once its
// process is gone (the number is reused), so each is recorded with its command line and trusted
// only while that still matches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

export interface OwnedProcess {
  name: string;
  pid: number;
  command: string;
}

export interface SupervisorState {
  supervisor: OwnedProcess;
  processes: OwnedProcess[];
  // What only the supervisor knows, for `npx enrich check`: the embedded servers it started and, in
  // demo mode, where the fake providers serve images.
  databaseUrl?: string;
  temporalAddress?: string;
  imageUrls?: { tmdb?: string; fanart?: string };
}

/** A process's command line, or undefined when there is no such process (or only its zombie). */
export function commandLine(pid: number): string | undefined {
  try {
    const command = existsSync('/proc')
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return command.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `pid` as it runs now, to record; undefined when it has already exited. */
export function owned(name: string, pid: number): OwnedProcess | undefined {
  const command = commandLine(pid);
  return command === undefined ? undefined : { name, pid, command };
}

/** Whether the recorded process still runs, rather than another one that got its pid. */
export const stillRunning = (p: OwnedProcess) => commandLine(p.pid) === p.command;

/** Written whole or not at all: a supervisor killed mid-write must not leave a file the next start cannot read. */
export async function saveState(file: string, state: SupervisorState): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(state, null, 2));
  await rename(`${file}.tmp`, file);
}

/** Sends `sig` to `pid` unless it has exited meanwhile. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function readState(file: string): SupervisorState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<SupervisorState>;
    return state.supervisor?.command && Array.isArray(state.processes) ? (state as SupervisorState) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops what a previous supervisor killed outright left behind; refuses while that supervisor still
 * runs. SIGINT is every one's quick clean stop (PostgreSQL's fast shutdown); what has not exited
 * after `graceMs` is killed.
 */
export async function reapLeftovers(file: string, log: (line: string) => void, graceMs = 10_000): Promise<void> {
  if (!existsSync(file)) return;
  const state = readState(file);
  if (!state) {
    log(`ignoring ${file}: not a state this version of npm start wrote`);
  } else {
    // Our own pid recorded: a container restarted us with the same pid, so that supervisor is gone.
    if (state.supervisor.pid !== process.pid && stillRunning(state.supervisor)) {
      throw new Error(`npm start is already running (pid ${state.supervisor.pid}) on this data folder (${file})`);
    }
    const left = state.processes.filter(stillRunning);
    for (const p of left) {
      log(`stopping ${p.name} (pid ${p.pid}), left running by an earlier npm start`);
      signal(p.pid, 'SIGINT');
    }
    for (const deadline = Date.now() + graceMs; left.some(stillRunning) && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 200));
    for (const p of left.filter(stillRunning)) {
      log(`${p.name} (pid ${p.pid}) did not stop within ${graceMs / 1000} s: killing it`);
      signal(p.pid, 'SIGKILL');
    }
  }
  await rm(file, { force: true });
}
