import type { Server } from 'node:http';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { loadConfig, required } from '../lib/config.js';
import { connectClient } from '../lib/temporal.js';
import { loadOrCreateApiKey } from './api-key.js';
import { createApp } from './app.js';
import { serveApi } from './serve.js';

const fromEnv = loadConfig();
// Without API_KEY the key is the one kept in the data folder, created (and printed) on first start.
const generated = fromEnv.apiKey ? undefined : await loadOrCreateApiKey(fromEnv.dataDir);
if (generated?.created) console.log(`API key (kept in ${fromEnv.dataDir}/api-key): ${generated.key}`);
const config = { ...fromEnv, apiKey: fromEnv.apiKey ?? generated!.key };
const pool = createPool(required(config.databaseUrl, 'DATABASE_URL'));
await migrate(pool);
const client = await connectClient(config);
const server = serveApi(
  { fetch: createApp({ pool, client, config }).fetch, port: config.port, hostname: config.host },
  (info) => console.log(`API listening on http://${config.host}:${info.port}`),
);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  // In-flight requests get a few seconds; a dependency already gone must not keep us alive.
  setTimeout(() => {
    console.error(`API: not stopped 5 s after ${signal}; exiting anyway`);
    process.exit(1);
  }, 5000).unref();
  const closed = new Promise((r) => server.close(r));
  // Event streams never end by themselves: once other requests had a moment, their connections go.
  setTimeout(() => (server as Server).closeAllConnections(), 2000).unref();
  await closed;
  await client.connection.close();
  await pool.end();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
