// The API as an attacker on the network, or a web page the user visits, would try it.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createPool } from '../db/pool.js';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';

const h = useHarness();

const raw = (path: string, init: RequestInit = {}) => fetch(`${h.api}${path}`, init);

/**
 * POSTs a JSON array of `total` bytes to /api/movies, writing it in chunks (honouring backpressure)
 * until the answer arrives: the status, the answer and how much was sent by then.
 */
function post(total: number, announce: boolean): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(`${h.api}/api/movies`, {
      method: 'POST',
      headers: {
        'x-api-key': TEST_API_KEY,
        'content-type': 'application/json',
        ...(announce ? { 'content-length': String(total) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    // The server closing the connection once it has answered is expected.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.from('0,'.repeat(32 * 1024));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    req.write('[');
    pump();
  });
}
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const tooLarge = { error: { code: 'payload_too_large', message: 'request body larger than 1048576 bytes' } };

describe('authentication', () => {
  it('refuses every /api route without the key, or with a wrong one, with a JSON 401', async () => {
    for (const [method, path] of [
      ['GET', '/api/movies'],
      ['POST', '/api/movies'],
      ['POST', '/api/movies/1/enrich'],
      ['POST', '/api/movies/1/publish'],
      ['POST', '/api/movies/1/review'],
      ['POST', '/api/movies/1/locks'],
      ['PATCH', '/api/movies/1'],
      ['DELETE', '/api/movies/1'],
      ['GET', '/api/stats/completeness'],
      ['POST', '/api/webhooks/radarr'],
      ['POST', '/api/webhooks/sonarr'],
      ['GET', '/api/webhooks/events'],
    ] as const) {
      const res = await json(await raw(path, { method }));
      expect([method, path, res.status]).toEqual([method, path, 401]);
      expect(res.body.error.message).toMatch(/API key is required/);
    }
    const wrong = await json(await raw('/api/movies', { headers: { 'x-api-key': `${TEST_API_KEY}x` } }));
    expect(wrong).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'wrong API key' } } });
    expect((await h.pool.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBe(0);
  });

  it('takes the key as X-Api-Key, Authorization: Bearer, or ?apikey=', async () => {
    expect((await raw('/api/movies', { headers: { 'x-api-key': TEST_API_KEY } })).status).toBe(200);
    expect((await raw('/api/movies', { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(200);
    expect((await raw(`/api/movies?apikey=${TEST_API_KEY}`)).status).toBe(200);
  });

  it('keeps /health open, saying what is up and nothing internal', async () => {
    const res = await json(await raw('/health'));
    expect(res).toEqual({
      status: 200,
      body: { status: 'ok', checks: { postgres: 'ok', temporal: 'ok', worker: 'ok' }, down: [] },
    });
  });
});

describe('request bodies', () => {
  it('refuses a cross-site text/plain form post (no preflight) with 415 and writes nothing', async () => {
    const res = await json(
      await raw(`/api/movies?apikey=${TEST_API_KEY}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ title: 'x', year: 2000 }),
      }),
    );
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/must be application\/json/);
    expect((await h.pool.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBe(0);
  });

  it('refuses a 300 MB body with 413 after reading at most a little of it, and stays up', async () => {
    const total = 300 * 1024 * 1024;
    // Streamed without a length: counted as it arrives.
    const streamed = await post(total, false);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual(tooLarge);
    expect(streamed.sent).toBeLessThan(total / 10);
    // Announced by Content-Length: refused before a byte of it is read.
    const announced = await post(total, true);
    expect(announced.status).toBe(413);
    expect(announced.sent).toBeLessThan(total / 10);
    expect((await call(h.api, 'GET', '/api/movies')).status).toBe(200);
  });

  it('answers an oversized body that fits in memory with 413 naming the limit', async () => {
    const res = await call(h.api, 'POST', '/api/movies', JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res).toEqual({ status: 413, body: tooLarge });
  });
});

describe('ids and values', () => {
  it('takes ids as plain decimal 32-bit integers only', async () => {
    for (const bad of ['1e3', '0x10', '+5', '007', '1.0', '2147483648', '99999999999', '-1', '0'])
      expect([bad, (await call(h.api, 'GET', `/api/movies/${bad}`)).status]).toEqual([bad, 400]);
    expect((await call(h.api, 'GET', '/api/movies/2147483647')).status).toBe(404);
  });

  it('names the field of an out-of-range id, a NUL character and a repeated lock name', async () => {
    const big = await call(h.api, 'POST', '/api/movies', { tmdbId: 3_000_000_000 });
    expect(big.status).toBe(400);
    expect(big.body.error.details.issues).toEqual([expect.objectContaining({ field: 'tmdbId' })]);
    const nul = await call(h.api, 'POST', '/api/movies', { title: 'Ali\u0000en', year: 1979 });
    expect(nul.status).toBe(400);
    expect(nul.body.error.details.issues).toEqual([{ field: 'title', message: 'must not contain NUL characters' }]);
    const movie = await call(h.api, 'POST', '/api/movies', { tmdbId: 348 });
    const twice = await call(h.api, 'POST', `/api/movies/${movie.body.id}/locks`, { lock: ['title', 'title'] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.issues).toEqual([{ field: 'lock.1', message: '"title" is named twice' }]);
  });

  it('answers an internal failure with a generic message and an error id, never database text', async () => {
    // A server that refuses our password: a failure that is ours to fix, not an outage.
    const wrongPassword = h.config.databaseUrl!.replace(/:[^:@/]+@/, ':not-the-password@');
    const pool = createPool(wrongPassword);
    const app = createApp({ pool, client: h.client, config: h.config });
    const res = await app.request('/api/movies', { headers: { 'x-api-key': TEST_API_KEY } });
    await pool.end();
    expect(res.status).toBe(500);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: { errorId: string } } };
    expect(error.code).toBe('internal');
    expect(error.details.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toBe(`internal error ${error.details.errorId} (see the API log)`);
  });
  it('answers 503 with Retry-After while the database is unreachable, never database text', async () => {
    const pool = createPool('postgres://nobody:secret@127.0.0.1:1/nothing');
    const app = createApp({ pool, client: h.client, config: h.config });
    const res = await app.request('/api/movies', { headers: { 'x-api-key': TEST_API_KEY } });
    await pool.end();
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'unavailable', message: 'the database is unavailable; try again shortly' },
    });
    expect(text).not.toMatch(/secret|ECONNREFUSED|127\.0\.0\.1/);
  });
});

describe('library roots', () => {
  it('refuses a movie file outside the roots, or escaping them through .. or a symlink', async () => {
    const roots = h.config.libraryRoots.join(', ');
    const inside = join(h.config.dataDir, 'lib', 'Alien (1979)');
    await mkdir(inside, { recursive: true });
    await symlink('/etc', join(h.config.dataDir, 'lib', 'escape'));
    for (const path of [
      '/etc/passwd',
      join(inside, '..', '..', '..', 'x.mkv'),
      join(h.config.dataDir, 'lib', 'escape', 'x.mkv'),
      'relative/x.mkv',
    ]) {
      const res = await call(h.api, 'POST', '/api/movies', { title: 'Alien', year: 1979, path });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.details.issues[0].field).toBe('path');
      if (path.startsWith('/')) expect(res.body.error.message).toContain(roots);
    }
    await writeFile(join(inside, 'Alien (1979).mkv'), '');
    const ok = await call(h.api, 'POST', '/api/movies', {
      title: 'Alien',
      year: 1979,
      path: join(inside, 'Alien (1979).mkv'),
    });
    expect(ok.status).toBe(201);
    expect(ok.body.file_path).toBe(join(inside, 'Alien (1979).mkv'));
  });
});

describe('requests without a body', () => {
  it('start an enrichment whatever content type the client named for its empty body', async () => {
    for (const tmdbId of [603, 680]) {
      const movie = await call(h.api, 'POST', '/api/movies', { tmdbId });
      const type = tmdbId === 603 ? 'application/json' : 'application/x-www-form-urlencoded';
      const res = await raw(`/api/movies/${movie.body.id}/enrich`, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': type },
        body: '',
      });
      expect([type, res.status]).toEqual([type, 202]);
      await waitForEnrichment(h.api, ((await res.json()) as { workflowId: string }).workflowId);
    }
  });

  it('answer a path that cannot be resolved with 400, not 500', async () => {
    const file = join(h.config.dataDir, 'lib', 'a-file.mkv');
    await mkdir(join(h.config.dataDir, 'lib'), { recursive: true });
    await writeFile(file, '');
    await symlink('loop', join(h.config.dataDir, 'lib', 'loop')).catch(() => undefined);
    for (const path of [
      join(file, 'x.mkv'),
      join(h.config.dataDir, 'lib', 'loop', 'x.mkv'),
      join(h.config.dataDir, 'x'.repeat(300), 'x.mkv'),
    ]) {
      const res = await call(h.api, 'POST', '/api/movies', { title: 'Alien', year: 1979, path });
      expect([path, res.status, res.body.error?.details?.issues?.[0]?.field]).toEqual([path, 400, 'path']);
    }
  });
});
