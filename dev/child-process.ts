import type { ChildProcess } from 'node:child_process';

/** A started server or process: its pid, how it ended once it has, and how to stop it. */
export interface Watched {
  pid: number;
  /** Resolves when the process has exited, with how (`exit code 1`, `killed by SIGKILL`). */
  exited: Promise<string>;
  /** Asks it to stop and resolves once it has exited; at once if it already had. */
  stop(): Promise<void>;
  /** SIGKILL, unless it has already exited (so never to another process that got its pid). */
  kill(): void;
}

/**
 * Watches `child` (call right after spawning it): it is asked to stop with `signal`, and killed
 * when still running `forceAfterMs` later.
 */
export function watch(child: ChildProcess, signal: NodeJS.Signals, forceAfterMs: number): Watched {
  if (child.pid === undefined) throw new Error(`could not start ${child.spawnfile}`);
  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, sig) => resolveExit(sig ? `killed by ${sig}` : `exit code ${code}`)),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid,
    exited,
    stop: async () => {
      if (gone()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
      child.kill(signal);
      await exited;
      clearTimeout(force);
    },
    kill: () => void (gone() || child.kill('SIGKILL')),
  };
}
