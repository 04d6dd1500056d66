import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { serveApi } from '../../api/serve.js';
import { createPool, type Pool } from '../../db/pool.js';
import { fakeProviderEnv, startFakeProviders, type FakeProviders } from '../../fake-providers/server.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { createWorker, workerPoolSize } from '../../worker/create-worker.js';
import { startWorkerProcesses } from './worker-processes.js';

/**
 * Everything one test file needs, all real: its own database (cloned from the migrated template),
 * cache folder, fake provider server, task queue, worker, Temporal client and API on a real port.
 */
export interface Harness {
  config: Config;
  pool: Pool;
  providers: FakeProviders;
  client: Client;
  api: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const id = randomUUID().slice(0, 8);
  const database = `test_${id}`;
  const admin = new pg.Client({ connectionString: `${inject('postgresServerUrl')}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE ${inject('templateDatabase')}`);
  await admin.end();
  // Test files share one Temporal namespace and workflow ids are `enrich-movie-{id}`: give each
  // database its own id range so two files never start the same workflow id.
  const db = new pg.Client({ connectionString: `${inject('postgresServerUrl')}/${database}` });
  await db.connect();
  // Likewise `scan-library-{id}` and `enrich-bulk-{id}`.
  const firstId = (parseInt(id, 16) % 2_000_000) * 1000 + 1;
  for (const table of ['movies', 'libraries', 'bulk_runs'])
    await db.query(`ALTER TABLE ${table} ALTER COLUMN id RESTART WITH ${firstId}`);
  await db.end();

  const providers = await startFakeProviders();
  const dataDir = join(inject('tmpRoot'), `run-${id}`);
  await mkdir(dataDir, { recursive: true });
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: `${inject('postgresServerUrl')}/${database}`,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TASK_QUEUE: `test-${id}`,
    API_KEY: TEST_API_KEY,
    // Tests stop workers between cases and wait for nothing a drain would finish.
    WORKER_SHUTDOWN_GRACE: '1s',
    // Libraries the tests create live in the test's data folder.
    LIBRARY_ROOTS: dataDir,
    ...fakeProviderEnv(providers, 'test-key'),
    // Most tests run enrichments to their end; the review tests ask for a wait explicitly.
    REVIEW_TIMEOUT: '0',
    // Trailers stay off unless a test turns them on; then yt-dlp fetches them from the fake video site.
    YTDLP_PATH: inject('ytDlpPath'),
    ...env,
  });
  const pool = createPool(config.databaseUrl!, workerPoolSize(config));
  const connection = await Connection.connect({ address: config.temporal.address! });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const server: ServerType = serveApi({
    fetch: createApp({ pool, client, config }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((r) => server.once('listening', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  const harness: Harness = {
    config,
    pool,
    providers,
    client,
    api,
    async startWorker() {
      const nativeConnection = await NativeConnection.connect({ address: config.temporal.address! });
      const w = await createWorker({
        config,
        pool,
        connection: nativeConnection,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      worker = { worker: w, running: w.run(), connection: nativeConnection };
    },
    async stopWorker() {
      if (!worker) return;
      worker.worker.shutdown();
      await worker.running;
      await worker.connection.close();
      worker = undefined;
    },
    async close() {
      await harness.stopWorker();
      await new Promise((r) => server.close(r));
      await connection.close();
      await pool.end();
      await providers.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await harness.startWorker();
  return harness;
}

/**
 * One harness for the enclosing suite (file or `describe`): created before its tests, closed after.
 * The returned object stands for it once created. With `workerProcesses`, the in-process worker
 * is replaced by that many `worker/main.ts` processes (several hosts sharing the same services).
 */
export function useHarness(
  env: Record<string, string> = {},
  opts: { workerProcesses?: number; onWorkerOutput?: (text: string) => void } = {},
): Harness {
  let current: Harness | undefined;
  let stopProcesses: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    current = await createHarness(env);
    if (opts.workerProcesses) {
      await current.stopWorker();
      stopProcesses = await startWorkerProcesses(current, opts.workerProcesses, opts.onWorkerOutput);
    }
  });
  afterAll(async () => {
    await stopProcesses?.();
    await current?.close();
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!current) throw new Error(`harness.${String(key)} used before the suite's beforeAll`);
      return Reflect.get(current, key);
    },
  });
}

/** The API key every harness's API requires; `call` sends it. */
export const TEST_API_KEY = 'test-api-key-0123456789';

/** JSON over real HTTP to the API under test, authenticated with the test API key. */
export async function call(
  api: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      'x-api-key': TEST_API_KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls GET /api/enrichments/:id until the workflow is closed. */
export async function waitForEnrichment(api: string, workflowId: string, timeoutMs = 120_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(api, 'GET', `/api/enrichments/${workflowId}`);
    if (res.status === 200 && res.body.status !== 'RUNNING') return res.body;
    if (Date.now() > deadline)
      throw new Error(`enrichment ${workflowId} still ${res.body?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
