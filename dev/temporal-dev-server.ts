import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributes } from '../domain/search-attributes.js';
import { watch, type Watched } from './child-process.js';
import { freePort } from './ports.js';

export interface RunningTemporal extends Watched {
  address: string;
  uiUrl: string | undefined;
  /** The CLI's process itself, for tests that kill it the way a crash would. */
  process: ChildProcess;
}

/**
 * The server exited before it answered: most often its port was taken between our check that it
 * was free and its own bind (another process starting at the same moment).
 */
export class TemporalDevServerEnded extends Error {
  override name = 'TemporalDevServerEnded';
}

type DevServerOptions = Parameters<typeof startTemporalDevServer>[0];

/**
 * The dev server on a free port; once more on another when it ends before it is ready (a free port
 * can be taken by another process before the server binds it). `onRetry` hears why.
 */
export async function startTemporalOnFreePort(
  opts: Omit<DevServerOptions, 'port'>,
  onRetry: (message: string) => void,
): Promise<RunningTemporal & { port: number }> {
  const start = async () => {
    const port = await freePort();
    return { ...(await startTemporalDevServer({ ...opts, port })), port };
  };
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof TemporalDevServerEnded)) throw err;
    onRetry(`${err.message}\ntrying another port`);
    return start();
  }
}

/** Starts `temporal server start-dev` and resolves once the namespace answers. */
export async function startTemporalDevServer(opts: {
  cli: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace: string;
  onLog?: (line: string) => void;
  /** Its own process group, so a terminal's Ctrl-C reaches only whoever stops it in order. */
  ownProcessGroup?: boolean;
  /** Aborted before the server is ready: it is stopped, and the start rejects. */
  signal?: AbortSignal;
}): Promise<RunningTemporal> {
  const log = opts.onLog ?? (() => undefined);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
  ];
  if (opts.uiPort !== undefined) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  for (const sa of devServerSearchAttributes) args.push('--search-attribute', sa);

  const child = spawn(opts.cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownProcessGroup ?? false });
  const watched = watch(child, 'SIGTERM', 10_000);
  let exited: string | undefined;
  void watched.exited.then((how) => (exited = how));
  // The first lines it printed (a Go panic names its cause there) and the last, for the error when
  // it ends before it is ready.
  const head: string[] = [];
  const tail: string[] = [];
  let printed = 0;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) =>
      chunk
        .split('\n')
        .filter(Boolean)
        .forEach((line) => {
          printed++;
          if (head.length < 15) head.push(line);
          else tail.push(line);
          if (tail.length > 5) tail.shift();
          log(line);
        }),
    );
  }

  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new TemporalDevServerEnded(
        `temporal dev server ended (${exited}) before it was ready; it printed:\n  ${[...head, ...(printed > head.length + tail.length ? ['…'] : []), ...tail].join('\n  ')}`,
      );
    if (opts.signal?.aborted) {
      await watched.stop();
      throw new Error('temporal dev server start aborted');
    }
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await conn.workflowService.describeNamespace({ namespace: opts.namespace });
        break;
      } finally {
        await conn.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal dev server not ready on ${address} after 60 s: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const uiUrl = opts.uiPort !== undefined ? `http://127.0.0.1:${opts.uiPort}` : undefined;
  return { ...watched, address, uiUrl, process: child };
}
