// A loopback stand-in for TMDB (API and image CDN) with TMDB's response shapes and error bodies,
// a request log, and injectable faults (status, body, headers, latency) for tests.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { demoImagesByPath, demoMovies, findDemoMovie, findDemoMovieByImdbId, type DemoMovie } from './catalog.js';
import { ImageStore, scaledTo } from './images.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export interface Fault {
  /** A path prefix (`/3/movie/13`, `/t/p/`): matches that path and everything below it. */
  match: string;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Raw body for `status` (default: TMDB's JSON error body). */
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long first (then answer normally unless `status` is set). */
  delayMs?: number;
  /** Apply this many times, then disappear (default: until cleared). */
  times?: number;
}

export interface FakeProviders {
  url: string;
  tmdbApiUrl: string;
  tmdbImageUrl: string;
  readonly requests: readonly LoggedRequest[];
  clearLog(): void;
  /** Requests whose path is `prefix` or below it. */
  count(prefix: string): number;
  setFaults(faults: Fault[]): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const matches = (path: string, prefix: string) =>
  path === prefix || (path.startsWith(prefix) && (prefix.endsWith('/') || path[prefix.length] === '/'));

const tmdbError = (c: Context, status: 401 | 404, code: number, message: string) =>
  c.json({ success: false, status_code: code, status_message: message }, status);

/** What `/3/movie/{id}` returns: images filtered by `include_image_language` as TMDB does. */
function movieResponse(movie: DemoMovie, includeImageLanguage: string | undefined) {
  const d = movie.details;
  if (!includeImageLanguage || !d.images) return d;
  const wanted = new Set(includeImageLanguage.split(','));
  const keep = (i: { iso_639_1: string | null }) => wanted.has(i.iso_639_1 ?? 'null');
  return {
    ...d,
    images: { posters: d.images.posters.filter(keep), backdrops: d.images.backdrops.filter(keep), logos: d.images.logos.filter(keep) },
  };
}

const searchResult = (m: DemoMovie) => ({
  adult: false,
  id: m.details.id,
  title: m.details.title,
  original_title: m.details.original_title,
  original_language: m.details.original_language,
  overview: m.details.overview,
  release_date: m.details.release_date,
  popularity: m.details.popularity,
  vote_average: m.details.vote_average,
  vote_count: m.details.vote_count,
  poster_path: m.images.find((i) => i.kind === 'poster')?.filePath ?? null,
  backdrop_path: m.images.find((i) => i.kind === 'backdrop')?.filePath ?? null,
  genre_ids: m.details.genres.map((g) => g.id),
});

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function createFakeProvidersApp(state: { requests: LoggedRequest[]; faults: Fault[] }): Hono {
  const images = new ImageStore(demoImagesByPath);
  const app = new Hono();

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const entry: LoggedRequest = { method: c.req.method, path: url.pathname, query: url.search, status: 0, at: Date.now() };
    state.requests.push(entry);
    const fault = state.faults.find((f) => matches(url.pathname, f.match));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status !== undefined) {
        const body = fault.body ?? JSON.stringify({ success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' });
        entry.status = fault.status;
        return new Response(body, { status: fault.status, headers: { 'content-type': 'application/json;charset=utf-8', ...fault.headers } });
      }
    }
    await next();
    if (fault?.headers) for (const [k, v] of Object.entries(fault.headers)) c.res.headers.set(k, v);
    entry.status = c.res.status;
  });

  // TMDB accepts a v3 key as `api_key` or a v4 read token as a Bearer header.
  app.use('/3/*', async (c, next) => {
    const key = c.req.query('api_key') ?? /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key) return tmdbError(c, 401, 7, 'Invalid API key: You must be granted a valid key.');
    await next();
  });

  app.get('/3/configuration', (c) =>
    c.json({
      images: {
        base_url: `${new URL(c.req.url).origin}/t/p/`,
        secure_base_url: `${new URL(c.req.url).origin}/t/p/`,
        backdrop_sizes: ['w300', 'w780', 'w1280', 'original'],
        logo_sizes: ['w45', 'w92', 'w154', 'w185', 'w300', 'w500', 'original'],
        poster_sizes: ['w92', 'w154', 'w185', 'w342', 'w500', 'w780', 'original'],
        profile_sizes: ['w45', 'w185', 'h632', 'original'],
        still_sizes: ['w92', 'w185', 'w300', 'original'],
      },
      change_keys: ['images', 'overview', 'release_dates', 'title'],
    }),
  );

  app.get('/3/movie/:id', (c) => {
    const movie = /^\d+$/.test(c.req.param('id')) ? findDemoMovie(Number(c.req.param('id'))) : undefined;
    if (!movie) return tmdbError(c, 404, 34, 'The resource you requested could not be found.');
    return c.json(movieResponse(movie, c.req.query('include_image_language')));
  });

  app.get('/3/find/:id', (c) => {
    const source = c.req.query('external_source');
    if (source !== 'imdb_id') return c.json({ success: false, status_code: 22, status_message: 'Invalid page: external_source is required.' }, 400);
    const movie = findDemoMovieByImdbId(c.req.param('id'));
    return c.json({ movie_results: movie ? [searchResult(movie)] : [], person_results: [], tv_results: [], tv_episode_results: [], tv_season_results: [] });
  });

  app.get('/3/search/movie', (c) => {
    const query = fold(c.req.query('query') ?? '').trim();
    if (!query) return c.json({ page: 1, results: [], total_pages: 1, total_results: 0 });
    const year = c.req.query('year') ?? c.req.query('primary_release_year');
    const results = demoMovies
      .filter((m) => [m.details.title, m.details.original_title ?? ''].some((t) => fold(t).includes(query)))
      .filter((m) => !year || m.details.release_date.startsWith(year))
      .map(searchResult);
    return c.json({ page: 1, results, total_pages: 1, total_results: results.length });
  });

  app.get('/t/p/:size/:file', async (c) => {
    const bytes = images.get(`/${c.req.param('file')}`);
    if (!bytes) return c.text('Not Found', 404);
    const body = await scaledTo(await bytes, c.req.param('size'));
    return c.body(new Uint8Array(body), 200, {
      'content-type': c.req.param('file').endsWith('.png') ? 'image/png' : 'image/jpeg',
      'cache-control': 'public, max-age=31536000',
    });
  });

  app.notFound((c) => tmdbError(c, 404, 34, 'The resource you requested could not be found.'));
  return app;
}

export async function startFakeProviders(opts: { port?: number; host?: string } = {}): Promise<FakeProviders> {
  const state = { requests: [] as LoggedRequest[], faults: [] as Fault[] };
  const host = opts.host ?? '127.0.0.1';
  const server: ServerType = serve({ fetch: createFakeProvidersApp(state).fetch, port: opts.port ?? 0, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tmdbApiUrl: `${url}/3`,
    tmdbImageUrl: `${url}/t/p`,
    get requests() {
      return state.requests;
    },
    clearLog() {
      state.requests.length = 0;
    },
    count(prefix) {
      return state.requests.filter((r) => matches(r.path, prefix)).length;
    },
    setFaults(faults) {
      state.faults = faults.map((f) => ({ ...f }));
    },
    clearFaults() {
      state.faults = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
