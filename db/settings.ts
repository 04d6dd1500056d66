// Settings stored in `app_settings` (key → text value); they override the environment's defaults.
import { effectiveSettings, type EffectiveSettings, type Settings } from '../domain/settings.js';
import type { Queryable } from './pool.js';

/** The settings in force: the stored ones over `defaults` (the environment's), with where each comes from. */
export async function readSettings(q: Queryable, defaults: Settings): Promise<EffectiveSettings> {
  const { rows } = await q.query<{ key: string; value: string }>(`SELECT key, value FROM app_settings`);
  return effectiveSettings(new Map(rows.map((r) => [r.key, r.value])), defaults);
}

/**
 * Writes each key's text and removes each key whose value is null. Writers take turns for the rest
 * of the transaction, so what follows a write (the refresh schedule) follows the last one.
 */
export async function writeSettings(tx: Queryable, changes: ReadonlyMap<string, string | null>): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('app_settings'))`);
  const set = [...changes].filter((c): c is [string, string] => c[1] !== null);
  const reset = [...changes].filter(([, v]) => v === null).map(([k]) => k);
  if (set.length)
    await tx.query(
      `INSERT INTO app_settings (key, value) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [set.map(([k]) => k), set.map(([, v]) => v)],
    );
  if (reset.length) await tx.query(`DELETE FROM app_settings WHERE key = ANY($1)`, [reset]);
}
