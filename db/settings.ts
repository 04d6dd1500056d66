// Settings stored in `app_settings` (key → text value); they override the environment's defaults.
import type { Queryable } from './pool.js';

/** Every stored setting whose key starts with `prefix`, by key. */
export async function settingsWithPrefix(q: Queryable, prefix: string): Promise<Map<string, string>> {
  const { rows } = await q.query<{ key: string; value: string }>(
    `SELECT key, value FROM app_settings WHERE starts_with(key, $1)`,
    [prefix],
  );
  return new Map(rows.map((r) => [r.key, r.value]));
}
