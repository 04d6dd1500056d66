// A loopback stand-in for TMDB (API and image CDN), Fanart.tv and OMDb with their response shapes and
// error bodies, a request log, and injectable faults (status, body, headers, latency, redirects,
// oversized answers, rewritten Fanart.tv image URLs) for tests.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { KEEP_ALIVE_TIMEOUT_MS } from '../api/serve.js';
import { demoImagesByPath, findDemoMovie, findDemoMovieByImdbId, knownMovies, type DemoMovie } from './catalog.js';
import { ImageStore, scaledTo } from './images.js';
import { createVideoSiteApp, videoSiteEnv } from './video-site.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
  /** The body's announced length (images and videos announce theirs). */
  bytes?: number;
}

export interface Fault {
  /** A path prefix (`/3/movie/13`, `/t/p/`): matches that path and everything below it. */
  match: string;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Raw body for `status` (default: TMDB's JSON error body); bytes for image faults. */
  body?: string | Uint8Array;
  /** Answer 200 with this many bytes, streamed without a Content-Length (JPEG magic, then zeros). */
  streamBytes?: number;
  headers?: Record<string, string>;
  /** Wait this long first (then answer normally unless `status` is set). */
  delayMs?: number;
  /** Answer 200 with the real response cut off half-way (the connection dropped mid-body). */
  truncate?: boolean;
  /** Answer 302 with this Location (absolute, or a path on this server). */
  redirect?: string;
  /** Answer 200 with a valid JSON document of this many bytes, streamed without a Content-Length. */
  jsonBytes?: number;
  /**
   * Fanart.tv: the first image of each named field (`moviebanner`, `moviedisc`, …) listed with this
   * URL instead of its own; a path (`/x`) is taken on this server.
   */
  fanartUrls?: Partial<Record<string, string>>;
  /** Apply this many times, then disappear (default: until cleared). */
  times?: number;
  /** Let this many matching requests through untouched before applying. */
  after?: number;
}

export interface FakeProviders {
  url: string;
  tmdbApiUrl: string;
  tmdbImageUrl: string;
  /** Stands in for `https://webservice.fanart.tv/v3`. */
  fanartApiUrl: string;
  fanartImageUrl: string;
  /** Stands in for `https://www.omdbapi.com`. */
  omdbApiUrl: string;
  readonly requests: readonly LoggedRequest[];
  clearLog(): void;
  /** Requests whose path is `prefix` or below it. */
  count(prefix: string): number;
  setFaults(faults: Fault[]): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * The environment that points every provider client (TMDB, Fanart.tv, OMDb, the video sites) at
 * these fake providers, with `key` as each provider's key.
 */
export function fakeProviderEnv(p: FakeProviders, key: string): Record<string, string> {
  return {
    TMDB_API_URL: p.tmdbApiUrl,
    TMDB_IMAGE_URL: p.tmdbImageUrl,
    TMDB_API_KEY: key,
    FANART_API_URL: p.fanartApiUrl,
    FANART_IMAGE_URL: p.fanartImageUrl,
    FANART_API_KEY: key,
    OMDB_API_URL: p.omdbApiUrl,
    OMDB_API_KEY: key,
    ...videoSiteEnv(p.url),
  };
}

/** Ready-made faults for what the outbound-safety tests need a provider to answer. */
export const faults = {
  /** OMDb's answer once the key's daily quota is spent (a 401 with its JSON error body, as OMDb sends it). */
  omdbDailyLimit: (): Fault => ({
    match: '/omdb',
    status: 401,
    body: JSON.stringify({ Response: 'False', Error: 'Request limit reached!' }),
  }),
  /** Fanart.tv lists these URLs for the first image of each named field. */
  fanartImageUrls: (urls: Partial<Record<string, string>>): Fault => ({ match: '/fanart/v3/movies', fanartUrls: urls }),
  /** `path` answers a JSON document of `bytes` bytes, with or without announcing its length. */
  oversizedJson: (path: string, bytes: number, announced = false): Fault =>
    announced ? { match: path, status: 200, body: jsonOfSize(bytes) } : { match: path, jsonBytes: bytes },
  /** `path` redirects to `location`. */
  redirect: (path: string, location: string): Fault => ({ match: path, redirect: location }),
};

/** `{"padding":"xxx…"}` of exactly `bytes` bytes (at least 14). */
function jsonOfSize(bytes: number): string {
  return `{"padding":"${'x'.repeat(Math.max(0, bytes - 14))}"}`;
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
    images: {
      posters: d.images.posters.filter(keep),
      backdrops: d.images.backdrops.filter(keep),
      logos: d.images.logos.filter(keep),
    },
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

const imageResponse = async (c: Context, bytes: Promise<Buffer> | undefined, size = 'original') => {
  if (!bytes) return c.text('Not Found', 404);
  const body = await scaledTo(await bytes, size);
  return c.body(new Uint8Array(body), 200, {
    'content-type': c.req.path.endsWith('.png') ? 'image/png' : 'image/jpeg',
    'content-length': String(body.length),
    'cache-control': 'public, max-age=31536000',
  });
};

/** `total` bytes in 1 MiB chunks: a body whose size nobody announces, `head`, then `fill`, then `tail`. */
function streamOf(total: number, head: Uint8Array, tail = new Uint8Array(), fill = 0): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(1 << 20, total - sent)).fill(fill);
      if (sent === 0) chunk.set(head.subarray(0, chunk.length));
      sent += chunk.length;
      if (sent === total) chunk.set(tail, chunk.length - tail.length);
      controller.enqueue(chunk);
    },
  });
}

const JPEG_MAGIC = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

/** A JSON document of `total` bytes (a string padded with spaces), streamed as `streamOf` does. */
const jsonStreamOf = (total: number) =>
  streamOf(total, new TextEncoder().encode('{"padding":"'), new TextEncoder().encode('"}'), 0x20);

/** The fault that matched a request, for routes that apply it themselves (Fanart.tv's image URLs). */
type FakeEnv = { Bindings: HttpBindings; Variables: { fault?: Fault } };

export function createFakeProvidersApp(state: { requests: LoggedRequest[]; faults: Fault[] }): Hono<FakeEnv> {
  const images = new ImageStore(demoImagesByPath);
  const app = new Hono<FakeEnv>();

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const entry: LoggedRequest = {
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      status: 0,
      at: Date.now(),
    };
    state.requests.push(entry);
    const matching = state.faults.find((f) => matches(url.pathname, f.match));
    const fault = matching?.after ? undefined : matching;
    if (matching?.after) matching.after--;
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.streamBytes !== undefined) {
        entry.status = 200;
        return new Response(streamOf(fault.streamBytes, JPEG_MAGIC), {
          status: 200,
          headers: { 'content-type': 'image/jpeg' },
        });
      }
      if (fault.jsonBytes !== undefined) {
        entry.status = 200;
        return new Response(jsonStreamOf(fault.jsonBytes), {
          status: 200,
          headers: { 'content-type': 'application/json;charset=utf-8' },
        });
      }
      if (fault.redirect !== undefined) {
        entry.status = 302;
        return new Response(null, { status: 302, headers: { location: fault.redirect } });
      }
      c.set('fault', fault);
      if (fault.status !== undefined) {
        const body =
          fault.body ??
          JSON.stringify({
            success: false,
            status_code: 11,
            status_message: 'Internal error: Something went wrong, contact TMDB.',
          });
        entry.status = fault.status;
        return new Response(body, {
          status: fault.status,
          headers: { 'content-type': 'application/json;charset=utf-8', ...fault.headers },
        });
      }
    }
    await next();
    if (fault?.headers) for (const [k, v] of Object.entries(fault.headers)) c.res.headers.set(k, v);
    entry.status = c.res.status;
    const length = Number(c.res.headers.get('content-length'));
    if (Number.isFinite(length) && length > 0) entry.bytes = length;
    if (fault?.truncate) {
      const body = Buffer.from(await c.res.arrayBuffer());
      const out = c.env.outgoing;
      out.writeHead(200, {
        'content-type': c.res.headers.get('content-type') ?? 'application/octet-stream',
        'content-length': body.length,
      });
      out.write(body.subarray(0, Math.floor(body.length / 2)), () => out.destroy());
      // Cleared first: assigning over a response would copy it into a new object, which the
      // node adapter no longer recognises as "already sent".
      c.res = undefined;
      c.res = RESPONSE_ALREADY_SENT;
    }
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
    if (source !== 'imdb_id')
      return c.json(
        { success: false, status_code: 22, status_message: 'Invalid page: external_source is required.' },
        400,
      );
    const movie = findDemoMovieByImdbId(c.req.param('id'));
    return c.json({
      movie_results: movie ? [searchResult(movie)] : [],
      person_results: [],
      tv_results: [],
      tv_episode_results: [],
      tv_season_results: [],
    });
  });

  app.get('/3/search/movie', (c) => {
    const query = fold(c.req.query('query') ?? '').trim();
    if (!query) return c.json({ page: 1, results: [], total_pages: 1, total_results: 0 });
    const year = c.req.query('year') ?? c.req.query('primary_release_year');
    const results = knownMovies
      .filter((m) => [m.details.title, m.details.original_title ?? ''].some((t) => fold(t).includes(query)))
      .filter((m) => !year || m.details.release_date.startsWith(year))
      .map(searchResult);
    return c.json({ page: 1, results, total_pages: 1, total_results: results.length });
  });

  app.get('/t/p/:size/:file', (c) => imageResponse(c, images.get(`/${c.req.param('file')}`), c.req.param('size')));

  // Fanart.tv: artwork lists by TMDB or IMDb id, with absolute image URLs.
  app.get('/fanart/v3/movies/:id', (c) => {
    if (!c.req.query('api_key')) return c.json({ status: 'error', 'error message': 'Not authorized' }, 401);
    const id = c.req.param('id');
    const movie = /^\d+$/.test(id) ? findDemoMovie(Number(id)) : findDemoMovieByImdbId(id);
    const art = movie?.images.filter((i) => i.fanart) ?? [];
    if (!movie || art.length === 0) return c.json({ status: 'error', 'error message': 'Not found' }, 404);
    const origin = new URL(c.req.url).origin;
    const replaced = { ...c.get('fault')?.fanartUrls };
    const body: Record<string, unknown> = {
      name: movie.details.title,
      tmdb_id: String(movie.details.id),
      imdb_id: movie.details.imdb_id,
    };
    for (const i of art) {
      const f = i.fanart!;
      const swap = replaced[f.field];
      delete replaced[f.field];
      const entry = {
        id: f.id,
        url:
          swap === undefined ? `${origin}/fanart/art${i.filePath}` : swap.startsWith('/') ? `${origin}${swap}` : swap,
        lang: i.language ?? '00',
        likes: String(f.likes),
        ...(f.field === 'moviedisc' ? { disc: '1', disc_type: 'bluray' } : {}),
      };
      body[f.field] = [...((body[f.field] as unknown[]) ?? []), entry];
    }
    return c.json(body);
  });
  app.get('/fanart/art/*', (c) => imageResponse(c, images.get(c.req.path.slice('/fanart/art'.length))));

  // OMDb: one endpoint, errors as 200 with Response "False" (a bad key is a 401).
  app.get('/omdb/', (c) => {
    if (!c.req.query('apikey')) return c.json({ Response: 'False', Error: 'No API key provided.' }, 401);
    const movie = findDemoMovieByImdbId(c.req.query('i') ?? '');
    if (!movie) return c.json({ Response: 'False', Error: 'Incorrect IMDb ID.' });
    return c.json(movie.omdb);
  });

  app.notFound((c) => tmdbError(c, 404, 34, 'The resource you requested could not be found.'));
  app.route('/', createVideoSiteApp());
  return app;
}

export async function startFakeProviders(opts: { port?: number; host?: string } = {}): Promise<FakeProviders> {
  const state = { requests: [] as LoggedRequest[], faults: [] as Fault[] };
  const host = opts.host ?? '127.0.0.1';
  const server: ServerType = serve({
    fetch: createFakeProvidersApp(state).fetch,
    port: opts.port ?? 0,
    hostname: host,
  });
  // As the API does: Node's 5 s default resets a request sent on a connection just as it closes.
  (server as Server).keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tmdbApiUrl: `${url}/3`,
    tmdbImageUrl: `${url}/t/p`,
    fanartApiUrl: `${url}/fanart/v3`,
    fanartImageUrl: `${url}/fanart/art`,
    omdbApiUrl: `${url}/omdb`,
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
