import { describe, expect, it } from 'vitest';
import { demoMovies, extraMovies } from '../fake-providers/catalog.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';

// Issue 3, must-show 2: two worker processes enriching 30 movies at once stay within every
// provider's limit, as measured by the provider (the fake server's arrival log).

// Only the two separate worker processes do the work.
const h = useHarness({}, { workerProcesses: 2 });

/** The most requests seen in any window of `ms`, by arrival time. */
function busiestWindow(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('provider rate limits across two worker processes', () => {
  it('enriches 30 movies at once without exceeding TMDB 40/10 s, Fanart.tv 1/s or OMDb 10/15 s', async () => {
    const films = [...demoMovies, ...extraMovies].slice(0, 30);
    expect(films).toHaveLength(30);
    // By title and year: a search and a details call each, 60 TMDB requests in all.
    const ids = await Promise.all(
      films.map(async (m) => {
        const res = await call(h.api, 'POST', '/api/movies', {
          title: m.details.title,
          year: Number(m.details.release_date.slice(0, 4)),
        });
        expect(res.status).toBe(201);
        return res.body.id as number;
      }),
    );
    h.providers.clearLog();
    const started = Date.now();
    const runs = await Promise.all(ids.map((id) => call(h.api, 'POST', `/api/movies/${id}/enrich`)));
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 202));
    const done = await Promise.all(runs.map((r) => waitForEnrichment(h.api, r.body.workflowId, 300_000)));
    const seconds = (Date.now() - started) / 1000;
    expect(done.map((d) => d.result?.status)).toEqual(ids.map(() => 'enriched'));
    expect(
      done.every((d) => d.result.providers['fanart.tv'].status === 'ok' && d.result.providers.omdb.status === 'ok'),
    ).toBe(true);

    const arrivals = (prefix: string) =>
      h.providers.requests
        .filter((r) => r.path.startsWith(prefix))
        .map((r) => r.at)
        .sort((a, b) => a - b);
    const tmdb = arrivals('/3/');
    const fanart = arrivals('/fanart/v3/');
    const omdb = arrivals('/omdb');
    const gaps = fanart.slice(1).map((t, i) => t - fanart[i]!);
    const figures = {
      seconds,
      tmdbRequests: tmdb.length,
      tmdbBusiest10s: busiestWindow(tmdb, 10_000),
      fanartRequests: fanart.length,
      fanartBusiest1s: busiestWindow(fanart, 1000),
      fanartMinGapMs: Math.min(...gaps),
      omdbRequests: omdb.length,
      omdbBusiest15s: busiestWindow(omdb, 15_000),
    };
    console.log('two workers, 30 movies:', JSON.stringify(figures));
    expect(tmdb.length).toBe(60);
    expect(figures.tmdbBusiest10s).toBeLessThanOrEqual(40);
    expect(figures.tmdbBusiest10s).toBeGreaterThanOrEqual(35); // the burst reached the limit: the limiter really held requests back
    expect(fanart.length).toBe(30);
    expect(figures.fanartMinGapMs).toBeGreaterThanOrEqual(1000);
    expect(omdb.length).toBe(30);
    expect(figures.omdbBusiest15s).toBeLessThanOrEqual(10);
  });
});
