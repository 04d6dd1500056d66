// The API describes itself: every route is in /openapi.json with a schema for each answer, and
// /docs renders the description with a script served by the API itself.
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Pool } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';

// Building the app connects to nothing: these tests need no database or Temporal.
const app = createApp({
  pool: {} as Pool,
  client: {} as Client,
  config: loadConfig({ API_KEY: 'openapi-test-key-0123456789' }),
});
/** The description's own routes: they serve it, they are not part of it. */
const DESCRIPTION_ROUTES = ['/openapi.json', '/docs', '/docs/assets/swagger-ui-dist/'];

type Operation = { summary?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

async function description() {
  const res = await app.request('/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
}

describe('/openapi.json', () => {
  it('documents every route the app serves, each answer with a schema', async () => {
    const doc = await description();
    expect(doc.openapi).toBe('3.1.0');
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && !DESCRIPTION_ROUTES.some((d) => r.path.startsWith(d)))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(served.length).toBeGreaterThan(25);
    expect([...new Set(served)].filter((r) => !documented.includes(r))).toEqual([]);

    const withoutSchema: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        if (!op.summary) withoutSchema.push(`${method} ${path}: no summary`);
        for (const [status, response] of Object.entries(op.responses)) {
          // Answers without a body.
          if (status === '204' || status === '304') continue;
          const contents = Object.values(response.content ?? {});
          if (contents.length === 0 || contents.some((c) => c.schema === undefined))
            withoutSchema.push(`${method} ${path} ${status}`);
        }
      }
    expect(withoutSchema).toEqual([]);
  });

  it('documents one error shape, used by every error answer', async () => {
    const doc = await description();
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { required: ['code', 'message'] } },
    });
    // /health answers 503 with the same report as its 200 (what is down), for monitors to read.
    const errors = Object.entries(doc.paths)
      .filter(([path]) => path !== '/health')
      .flatMap(([, item]) => Object.values(item))
      .flatMap((op) => Object.entries(op.responses).filter(([s]) => Number(s) >= 400))
      .map(([, r]) => r.content?.['application/json']?.schema);
    expect(errors.length).toBeGreaterThan(100);
    expect(errors.filter((s) => JSON.stringify(s) !== JSON.stringify({ $ref: '#/components/schemas/Error' }))).toEqual(
      [],
    );
  });

  it('answers an unknown route with the error shape', async () => {
    const res = await app.request('/api/nothing-here', { headers: { 'x-api-key': 'openapi-test-key-0123456789' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nothing-here' } });
  });
});

describe('/docs', () => {
  it('renders the reference with its script and stylesheet served locally', async () => {
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("url: '/openapi.json'");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual([
      '/docs/assets/swagger-ui-dist/swagger-ui-bundle.js',
      '/docs/assets/swagger-ui-dist/swagger-ui.css',
    ]);
    const script = await app.request(assets[0]!);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('SwaggerUIBundle');
    const css = await app.request(assets[1]!);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    // Only those two files of the package are served.
    expect((await app.request('/docs/assets/swagger-ui-dist/package.json')).status).toBe(404);
  });
});
