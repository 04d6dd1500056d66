// Outbound safety end to end, through the real API, workflow, activities, PostgreSQL and the fake
// providers: image URLs from provider answers that point off the allow-list are skipped with what was
// refused and no connection is made; a failed connection says only that it failed; an oversized
// provider answer is refused; OMDb's spent daily limit costs one request, not a day.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from '../fake-providers/server.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';

/** A TCP listener on a loopback address counting the connections it is offered. */
async function listener(host: string, preferredPort = 0) {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  const listen = (port: number) =>
    new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, host, () => resolve(true));
    });
  if (!(await listen(preferredPort))) await listen(0);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
  };
}

// A port on 127.0.0.2 nothing listens on, put on the allow-list: connections to it are refused.
const closed = await listener('127.0.0.2');
await new Promise((r) => closed.server.close(r));
const unreachable = `127.0.0.2:${closed.port}`;

const h = useHarness({ IMAGE_HOSTS: unreachable });

let offList: Awaited<ReturnType<typeof listener>>;
let loopbackPort: Awaited<ReturnType<typeof listener>>;
beforeAll(async () => {
  offList = await listener('127.0.0.1');
  loopbackPort = await listener('127.0.0.2', 5432);
});
afterAll(() => {
  offList?.server.close();
  loopbackPort?.server.close();
});
beforeEach(async () => {
  h.providers.clearFaults();
  h.providers.clearLog();
  await h.pool.query('DELETE FROM provider_breakers; DELETE FROM provider_request_log');
});

async function register(tmdbId: number): Promise<number> {
  const res = await call(h.api, 'POST', '/api/movies', { tmdbId });
  expect([200, 201]).toContain(res.status);
  return res.body.id;
}

/** Starts an enrichment through the API and waits for its end: the API's view of it. */
async function enrich(movieId: number, body: { force?: boolean } = {}) {
  const started = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, body);
  expect(started.status).toBe(202);
  return waitForEnrichment(h.api, started.body.workflowId);
}

const candidate = async (movieId: number, url: string) =>
  (
    await h.pool.query(
      `SELECT asset_type, is_selected, is_rejected, content_hash, rejection_reason
         FROM provider_assets WHERE entity_id = $1 AND provider_url = $2`,
      [movieId, url],
    )
  ).rows[0];

describe('image URLs from provider answers', () => {
  it('skips an off-list host, a loopback port, file: and a redirect off the list, naming what was refused, without connecting', async () => {
    const offListUrl = `http://localhost:${offList.port}/banner.jpg`;
    const loopbackUrl = `http://127.0.0.2:${loopbackPort.port}/x.jpg`;
    const redirecting = `${h.providers.url}/fanart/art/redirect-out.jpg`;
    const redirectTarget = `http://localhost:${offList.port}/redirected.jpg`;
    h.providers.setFaults([
      faults.fanartImageUrls({
        moviebanner: offListUrl,
        hdmovieclearart: loopbackUrl,
        moviedisc: 'file:///etc/passwd',
        moviethumb: '/fanart/art/redirect-out.jpg',
      }),
      faults.redirect('/fanart/art/redirect-out.jpg', redirectTarget),
    ]);
    const id = await register(348);
    const done = await enrich(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.status).toBe('enriched');
    for (const type of ['banner', 'clearart', 'discart', 'landscape'])
      expect(done.result.types[type], type).toMatchObject({ candidates: 1, downloaded: 0, accepted: 0, failed: 1 });
    expect(done.result.types.poster.accepted).toBeGreaterThan(0); // the rest of the run is untouched

    const skipped = { is_selected: false, is_rejected: false, content_hash: null };
    expect(await candidate(id, offListUrl)).toEqual({
      asset_type: 'banner',
      ...skipped,
      rejection_reason: `host localhost:${offList.port} is not an allowed image host`,
    });
    expect(await candidate(id, loopbackUrl)).toEqual({
      asset_type: 'clearart',
      ...skipped,
      rejection_reason: `host 127.0.0.2:${loopbackPort.port} is not an allowed image host`,
    });
    expect(await candidate(id, 'file:///etc/passwd')).toEqual({
      asset_type: 'discart',
      ...skipped,
      rejection_reason: 'scheme file: is not allowed',
    });
    expect(await candidate(id, redirecting)).toEqual({
      asset_type: 'landscape',
      ...skipped,
      rejection_reason: `redirect to ${redirectTarget} refused: host localhost:${offList.port} is not an allowed image host`,
    });

    // No connection reached either loopback listener; the fake server saw only the allowed hop.
    expect(offList.connections).toBe(0);
    expect(loopbackPort.connections).toBe(0);
    expect(h.providers.count('/fanart/art/redirect-out.jpg')).toBe(1);
    expect(JSON.stringify(done)).not.toMatch(/ECONNREFUSED|EHOSTUNREACH|connect E/);
  });

  it('says "connection failed" for an allowed host that refuses the connection, never the raw error', async () => {
    const url = `https://${unreachable}/banner.jpg`;
    h.providers.setFaults([faults.fanartImageUrls({ moviebanner: url })]);
    const id = await register(603);
    const done = await enrich(id);
    expect(done.result.types.banner).toMatchObject({ candidates: 1, accepted: 0, failed: 1 });
    const row = await candidate(id, url);
    expect(row.rejection_reason).toBe(`GET ${url} failed: connection failed`);
    expect(JSON.stringify(done)).not.toMatch(/ECONNREFUSED|connect E/);
  });
});

describe('provider answers', () => {
  it('refuses an oversized answer from each provider before parsing it, without retrying', async () => {
    const cap = h.config.limits.providerBodyBytes;
    expect(cap).toBe(5 * 1024 * 1024);
    h.providers.setFaults([faults.oversizedJson('/3/movie/78', cap + 1)]);
    const id = await register(78);
    const failed = await enrich(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.failure.message).toBe(
      `scraping failed: tmdb: GET ${h.providers.tmdbApiUrl}/movie/78: answer larger than ${cap} bytes`,
    );
    expect(h.providers.count('/3/movie/78')).toBe(1);

    // Fanart.tv announcing its length, OMDb streaming without one: each costs only its own data.
    h.providers.setFaults([
      faults.oversizedJson('/fanart/v3/movies/78', 8 * 1024 * 1024, true),
      faults.oversizedJson('/omdb', 8 * 1024 * 1024),
    ]);
    const done = await enrich(id);
    expect(done.result.status).toBe('enriched');
    expect(done.result.providers['fanart.tv']).toEqual({
      status: 'failed',
      reason: `fanart.tv: GET ${h.providers.fanartApiUrl}/movies/78: answer larger than ${cap} bytes`,
    });
    expect(done.result.providers.omdb).toEqual({
      status: 'failed',
      reason: `omdb: GET ${h.providers.omdbApiUrl}/: answer larger than ${cap} bytes`,
    });
    expect(h.providers.count('/fanart/v3/movies/78')).toBe(1);
    expect(h.providers.count('/omdb')).toBe(1);
  });
});

describe("OMDb's daily limit", () => {
  it('finishes the run at once with OMDb rate-limited, then skips OMDb until the reset', async () => {
    // The next midnight UTC after a moment: the run may straddle one.
    const nextMidnight = (at: Date) =>
      new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1)).toISOString();
    h.providers.setFaults([faults.omdbDailyLimit()]);
    const id = await register(680);
    const started = new Date();
    const first = await enrich(id);
    console.log(`enrichment with OMDb's daily limit spent finished in ${Date.now() - started.getTime()} ms`);
    const stored = (await h.pool.query(`SELECT provider, limited_until, reason FROM provider_quota_limits`)).rows;
    expect(stored).toEqual([
      { provider: 'omdb', limited_until: expect.any(Date), reason: 'omdb: Request limit reached!' },
    ]);
    const reset = (stored[0].limited_until as Date).toISOString();
    expect([nextMidnight(started), nextMidnight(new Date())]).toContain(reset);
    const reason = `omdb: Request limit reached! (daily limit: no OMDb request until ${reset})`;
    expect(first.result.status).toBe('enriched');
    expect(first.result.providers.omdb).toEqual({ status: 'rate_limited', reason });
    expect(first.result.providers.tmdb).toEqual({ status: 'ok' });
    expect(h.providers.count('/omdb')).toBe(1); // not retried
    // A spent quota is an answer, not a sick provider: the breaker counts nothing.
    expect((await h.pool.query(`SELECT * FROM provider_breakers WHERE provider = 'omdb'`)).rows).toEqual([]);

    // OMDb would answer now, but no worker asks it before the reset, for this movie or another.
    h.providers.clearFaults();
    const second = await enrich(id);
    expect(second.result.providers.omdb).toEqual({ status: 'rate_limited', reason });
    const other = await enrich(await register(550));
    expect(other.result.providers.omdb).toEqual({ status: 'rate_limited', reason });
    expect(h.providers.count('/omdb')).toBe(1);

    // Past the reset, OMDb is asked again.
    await h.pool.query(`UPDATE provider_quota_limits SET limited_until = now() - interval '1 second'`);
    const third = await enrich(id);
    expect(third.result.providers.omdb).toEqual({ status: 'ok' });
    expect(h.providers.count('/omdb')).toBe(2);
  });
});
