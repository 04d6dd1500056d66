import type { Trigger } from './types.js';

/** Temporal task priority by who asked: 1 is served first, so a person never waits behind a bulk run. */
export const PRIORITY: Record<Trigger, number> = { user: 1, webhook: 1, schedule: 3, bulk: 5, scan: 5 };
