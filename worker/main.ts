import { sweepStaleTemp } from '../activities/temp-files.js';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { readSettings } from '../db/settings.js';
import { loadConfig, required } from '../lib/config.js';
import { connectClient, connectWorker } from '../lib/temporal.js';
import { createWorker, workerPoolSize } from './create-worker.js';
import { ensureRefreshSchedule } from '../lib/refresh-schedule.js';

const config = loadConfig();
const pool = createPool(required(config.databaseUrl, 'DATABASE_URL'), workerPoolSize(config));
await migrate(pool);
const connection = await connectWorker(config);
const worker = await createWorker({
  config,
  pool,
  connection,
  ...(config.workflowBundle ? { workflowBundle: { codePath: config.workflowBundle } } : {}),
});
const client = await connectClient(config);
// A refresh interval set through the API outlives the process; the environment's is the default.
const { refreshIntervalMs } = (await readSettings(pool, config)).settings;
const schedule = await ensureRefreshSchedule(client, { ...config, refreshIntervalMs });
console.log(
  refreshIntervalMs === 0
    ? `scheduled refresh off${schedule === 'removed' ? ': schedule removed' : ''}`
    : `scheduled refresh every ${refreshIntervalMs / 1000} s (schedule ${schedule})`,
);
await client.connection.close();
// Temp folders of runs that died (on any host sharing the cache volume): now and every hour.
const sweep = () =>
  sweepStaleTemp(config.cacheDir).then(
    (removed) => removed.length && console.log(`removed ${removed.length} stale temp folder(s): ${removed.join(', ')}`),
    (err: Error) => console.error(`temp sweep failed: ${err.message}`),
  );
await sweep();
setInterval(sweep, 3600_000).unref();
console.log(
  `worker polling task queue ${config.temporal.taskQueue} on ${config.temporal.address} (namespace ${config.temporal.namespace})`,
);
// On SIGINT/SIGTERM the SDK stops polling and gives running activities WORKER_SHUTDOWN_GRACE to
// finish before cancelling them; run() resolves once none is left, and the process then ends.
await worker.run();
await connection.close();
await pool.end();
