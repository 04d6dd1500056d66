import type { Config } from '../lib/config.js';
import type { Pool } from '../db/pool.js';

/** What every activity closes over; built once per worker process. */
export interface ActivityDeps {
  pool: Pool;
  config: Config;
}
