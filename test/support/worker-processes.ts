import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../lib/config.js';
import type { Harness } from './harness.js';

/**
 * `n` worker processes (`worker/main.ts`, as on separate hosts) on the harness's database, cache
 * folder, task queue and fake providers; resolves once all of them poll. Returns a stopper.
 */
export async function startWorkerProcesses(
  h: Harness,
  n: number,
  onOutput?: (text: string) => void,
): Promise<() => Promise<void>> {
  const c = h.config;
  const env = {
    ...process.env,
    DATA_DIR: c.dataDir,
    DATABASE_URL: c.databaseUrl!,
    TEMPORAL_ADDRESS: c.temporal.address!,
    TASK_QUEUE: c.temporal.taskQueue,
    TMDB_API_URL: c.tmdb.apiUrl,
    TMDB_IMAGE_URL: c.tmdb.imageUrl,
    TMDB_API_KEY: c.tmdb.apiKey!,
    FANART_API_URL: c.fanart.apiUrl,
    FANART_IMAGE_URL: c.fanart.imageUrl,
    LIBRARY_ROOTS: c.libraryRoots.join(','),
    FANART_API_KEY: c.fanart.apiKey!,
    OMDB_API_URL: c.omdb.apiUrl,
    OMDB_API_KEY: c.omdb.apiKey!,
    AUTO_PUBLISH: String(c.autoPublish),
    REVIEW_TIMEOUT: `${c.reviewTimeoutMs}ms`,
    WORKER_ACTIVITY_SLOTS: String(c.workerActivitySlots),
  };
  const workers: ChildProcess[] = [];
  const stop = () =>
    Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : (w.once('exit', r), w.kill('SIGTERM'))))),
    ).then(() => undefined);
  for (let i = 0; i < n; i++) {
    const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', onOutput ? 'pipe' : 'ignore', onOutput ? 'pipe' : 'inherit'],
    });
    for (const stream of [worker.stdout, worker.stderr])
      stream?.on('data', (chunk: Buffer) => onOutput!(chunk.toString()));
    workers.push(worker);
  }
  for (const deadline = Date.now() + 120_000; ;) {
    const res = await h.client.workflowService.describeTaskQueue({
      namespace: c.temporal.namespace,
      taskQueue: { name: c.temporal.taskQueue },
      taskQueueType: 1,
    });
    if (new Set((res.pollers ?? []).map((p) => p.identity)).size >= n) return stop;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the ${n} worker processes did not start polling`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
