import type { Config } from '../lib/config.js';
import type { Pool } from '../db/pool.js';
import type { ProviderGate } from '../providers/gate.js';

/** What every activity closes over; built once per worker process. */
export interface ActivityDeps {
  pool: Pool;
  config: Config;
  /** Shared rate limits and circuit breakers for provider requests. */
  gate: ProviderGate;
}
