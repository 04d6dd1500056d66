import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';

/** What every router closes over. */
export interface ApiDeps {
  pool: Pool;
  client: Client;
  config: Config;
}
