import { serve } from '@hono/node-server';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { loadConfig, required } from '../lib/config.js';
import { connectClient } from '../lib/temporal.js';
import { createApp } from './app.js';

const config = loadConfig();
const pool = createPool(required(config.databaseUrl, 'DATABASE_URL'));
await migrate(pool);
const client = await connectClient(config);
const server = serve({ fetch: createApp({ pool, client, config }).fetch, port: config.port, hostname: '0.0.0.0' }, (info) =>
  console.log(`API listening on http://localhost:${info.port}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await client.connection.close();
      await pool.end();
      process.exit(0);
    });
  });
}
