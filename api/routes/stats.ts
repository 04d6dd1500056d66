// Library statistics: how complete the movies are, by class, on average, and which need attention first.
import { createRoute } from '@hono/zod-openapi';
import { completenessOfMovies } from '../../db/movie-view.js';
import { classify, type CompletenessClass } from '../../domain/completeness.js';
import type { ApiDeps } from '../deps.js';
import { completenessStats } from '../responses.js';
import { json, router } from '../http.js';

const LEAST_COMPLETE_SHOWN = 10;

const completeness = createRoute({
  method: 'get',
  path: '/stats/completeness',
  summary: 'Movies per completeness class, the average, and the least complete with their missing fields',
  responses: { 200: { description: 'the statistics', content: json(completenessStats) } },
});

export function statsRoutes({ pool }: ApiDeps) {
  return router().openapi(completeness, async (c) => {
    const rows = await completenessOfMovies(pool);
    const counts: Record<CompletenessClass, number> = { enriched: 0, partial: 0, unenriched: 0 };
    for (const r of rows) counts[classify(r.completeness_pct)]++;
    const average = rows.length ? Math.round(rows.reduce((s, r) => s + r.completeness_pct, 0) / rows.length) : null;
    const leastComplete = rows
      .filter((r) => r.completeness_pct < 100)
      .slice(0, LEAST_COMPLETE_SHOWN)
      .map((r) => ({
        id: r.id,
        title: r.title,
        year: r.year,
        completenessPct: r.completeness_pct,
        missing: r.completeness_missing,
      }));
    return c.json({ movies: rows.length, counts, average, leastComplete });
  });
}
