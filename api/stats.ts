// Library statistics (§8.4 with D19): how complete the movies are, by class, on average, and which
// need attention first.
import type { Hono } from 'hono';
import type { Pool } from '../db/pool.js';
import { classify, type CompletenessClass } from '../domain/completeness.js';

export function registerStatsRoutes(app: Hono, { pool }: { pool: Pool }) {
  app.get('/api/stats/completeness', async (c) => {
    const rows = (
      await pool.query<{ id: number; title: string; year: number | null; completeness_pct: number; completeness_missing: string[] }>(
        'SELECT id, title, year, completeness_pct, completeness_missing FROM movies WHERE deleted_at IS NULL ORDER BY completeness_pct, id',
      )
    ).rows;
    const counts: Record<CompletenessClass, number> = { enriched: 0, partial: 0, unenriched: 0 };
    for (const r of rows) counts[classify(r.completeness_pct)]++;
    const average = rows.length ? Math.round(rows.reduce((s, r) => s + r.completeness_pct, 0) / rows.length) : null;
    const leastComplete = rows
      .filter((r) => r.completeness_pct < 100)
      .slice(0, 10)
      .map((r) => ({ id: r.id, title: r.title, year: r.year, completenessPct: r.completeness_pct, missing: r.completeness_missing }));
    return c.json({ movies: rows.length, counts, average, leastComplete });
  });
}
