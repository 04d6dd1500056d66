// /docs in a real browser: Swagger UI, from the script the API serves, renders every operation of
// /openapi.json. Chromium is Debian's (provisioned by the global setup), driven through playwright-core.
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app.js';
import { serveApi } from '../api/serve.js';
import type { Pool } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';

let server: ServerType;
let base: string;
let browser: Browser;

beforeAll(async () => {
  // The description and its reference need no database or Temporal.
  const app = createApp({
    pool: {} as Pool,
    client: {} as Client,
    config: loadConfig({ API_KEY: 'docs-browser-test-key-0123' }),
  });
  server = serveApi({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: inject('chromiumPath') });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe('/docs in Chromium', () => {
  it('renders every operation, loading nothing from outside the API', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const failed: string[] = [];
    page.on('pageerror', (e) => failed.push(e.message));
    await page.goto(`${base}/docs`);
    await expect
      .poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 30_000 })
      .toMatch(/^media-enrichment API/);
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations);
    expect(failed).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(base) && !u.startsWith('data:'))).toEqual([]);
  });
});
