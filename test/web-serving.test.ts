// The API serves the web UI's build: index.html for any page address (so a reload of /movies/12
// opens the app there), hashed assets cached for good, and never the app for an API address.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { webApp } from '../api/routes/web.js';
import { openApiTypes, SCHEMA_TYPES_PATH } from '../scripts/openapi-types.js';

async function builtApp() {
  const parent = await mkdtemp(join(tmpdir(), 'web-'));
  const dist = join(parent, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(parent, 'secret.txt'), 'not to be served');
  await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  const app = new Hono().use(webApp(dist));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}

describe('the web UI at /', () => {
  it('answers index.html with a content security policy for the app and its page addresses', async () => {
    const app = await builtApp();
    for (const path of ['/', '/movies/12', '/review', '/operations?tab=failed']) {
      const res = await app.request(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=UTF-8']);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets cached for good, and a missing asset as 404 rather than the page', async () => {
    const app = await builtApp();
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expect((await app.request('/assets/nothing.js')).status).toBe(404);
    for (const escape of ['/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt'])
      expect(await (await app.request(escape)).text()).not.toContain('not to be served');
  });

  it('never answers an API address, or a method other than GET, with the app', async () => {
    const app = await builtApp();
    for (const path of ['/api/nothing', '/api', '/health', '/openapi.json', '/docs/x']) {
      const res = await app.request(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 404, 'application/json']);
    }
    expect((await app.request('/movies/12', { method: 'POST' })).status).toBe(404);
  });

  it('says how to build the app when it is not built', async () => {
    const app = new Hono().use(webApp(join(tmpdir(), 'no-such-web-dist')));
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run web:build/);
  });
});

describe("the web UI's API types", () => {
  it('are the ones /openapi.json gives today (npm run web:types rewrites them)', async () => {
    expect(await readFile(SCHEMA_TYPES_PATH, 'utf8')).toBe(await openApiTypes());
  });
});
