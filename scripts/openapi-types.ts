// Writes web/src/api/schema.d.ts, the web UI's types of the API, from the description the API
// serves: the UI's client is typed from it, so nothing copies the API's types by hand. A test
// checks that the committed file is current (`npm run web:types` rewrites it).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../api/app.js';
import type { Pool } from '../db/pool.js';
import { loadConfig, projectRoot } from '../lib/config.js';

export const SCHEMA_TYPES_PATH = join(projectRoot, 'web', 'src', 'api', 'schema.d.ts');

/** The description's TypeScript types, as `openapi-typescript` writes them. */
export async function openApiTypes(): Promise<string> {
  // The description needs neither a database nor Temporal.
  const app = createApp({
    pool: {} as Pool,
    client: {} as Client,
    config: loadConfig({ API_KEY: 'openapi-types-0123456789' }),
  });
  const doc = (await (await app.request('/openapi.json')).json()) as Parameters<typeof openapiTS>[0];
  const header = '// Generated from /openapi.json by `npm run web:types` (scripts/openapi-types.ts): do not edit.\n';
  return header + astToString(await openapiTS(doc, { alphabetize: false }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(SCHEMA_TYPES_PATH, await openApiTypes());
  console.log(`wrote ${SCHEMA_TYPES_PATH}`);
}
