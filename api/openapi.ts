// The API's OpenAPI 3.1 description, generated from the routes' zod definitions. Responses every
// route of a kind can give (a refused key, an invalid request, an unavailable database) are added
// here once instead of on each route.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { errorSchema } from './errors.js';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = {
  responses?: Record<string, unknown>;
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The key as every `/api` route takes it; webhook routes also take a login, `/health` nothing. */
const SECURITY_SCHEMES = {
  ApiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  Bearer: { type: 'http', scheme: 'bearer', description: 'the API key as a bearer token' },
  ApiKeyQuery: { type: 'apiKey', in: 'query', name: 'apikey', description: 'for webhook senders and <img> tags' },
  WebhookLogin: { type: 'http', scheme: 'basic', description: 'the webhook login (WEBHOOK_USER, WEBHOOK_PASSWORD)' },
} as const;
const KEY: Record<string, string[]>[] = [{ ApiKeyHeader: [] }, { Bearer: [] }, { ApiKeyQuery: [] }];

const DESCRIPTION = `Durable metadata and artwork enrichment for a media library.

Every \`/api\` route takes the API key (\`X-Api-Key\`, \`Authorization: Bearer …\` or \`?apikey=\`); it is
\`API_KEY\`, or the one kept in the data folder's \`api-key\` file. Every error answers
\`{"error": {"code", "message", "details"?}}\`: \`code\` is stable (for scripts), \`message\` is for people,
\`details\` names what a client may act on (invalid fields under \`issues\`, a running workflow, a limit).
429 and 503 answers carry \`Retry-After\`.`;

function addCommonResponses(path: string, op: Operation) {
  const responses = (op.responses ??= {});
  const add = (status: number, description: string) => {
    responses[status] ??= {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  };
  if (path.startsWith('/api/')) {
    add(401, 'no API key, or a wrong one');
    add(503, 'the database is unavailable: nothing was changed; retry after `Retry-After` seconds');
  }
  if (op.parameters?.length || op.requestBody)
    add(400, 'the request does not validate: `details.issues` names each field');
  if (op.requestBody) {
    add(413, 'the body is larger than 1 MiB');
    add(415, 'the body is not JSON');
  }
  add(500, 'an unexpected error: `details.errorId` is in the API log');
}

/** The whole description, as `/openapi.json` serves it. */
export function openApiDocument(app: OpenAPIHono, version: string): Document {
  app.openAPIRegistry.register('Error', errorSchema);
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'media-enrichment API', version, description: DESCRIPTION },
    security: KEY,
  });
  doc.components = { ...doc.components, securitySchemes: { ...SECURITY_SCHEMES } };
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      if (!path.startsWith('/api/')) op.security = [];
      else if (path.startsWith('/api/webhooks/')) op.security = [...KEY, { WebhookLogin: [] }];
      addCommonResponses(path, op);
    }
  return doc;
}
