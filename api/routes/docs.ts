// The API's description and its interactive reference: `/openapi.json` and `/docs` (Swagger UI,
// its script and stylesheet served from the installed package: nothing is fetched from a CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import { projectRoot } from '../../lib/config.js';
import { openApiDocument } from '../openapi.js';

const ASSETS = '/docs/assets';
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const swaggerDist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** `app` is the whole API: the description covers every route mounted on it before this call. */
export function docsRoutes(app: OpenAPIHono) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  const docs = new Hono()
    .get('/openapi.json', (c) => c.json((document ??= openApiDocument(app, version))))
    .get('/docs', swaggerUI({ url: '/openapi.json', baseUrl: ASSETS, title: 'media-enrichment API' }));
  // Only the two files the page loads; the package's other files are not served.
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js'])
    docs.get(`${ASSETS}/swagger-ui-dist/${file}`, serveStatic({ path: join(swaggerDist, file) }));
  return docs;
}
