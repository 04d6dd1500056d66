// What the web UI learns once signed in: the image token for <img> tags and where the Temporal Web
// UI is, for its links to each run.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { imageToken } from '../image-token.js';
import { json, router } from '../http.js';

const session = z
  .object({
    imageToken: z
      .string()
      .openapi({ description: 'send as `?token=` to GET /api/cache/{sha256}; nothing else takes it' }),
    temporalUi: z
      .object({ url: z.string(), namespace: z.string() })
      .nullable()
      .openapi({ description: 'the Temporal Web UI (TEMPORAL_UI_URL), or null when none is configured' }),
  })
  .openapi('Session');

const get = createRoute({
  method: 'get',
  path: '/session',
  summary: "The signed-in client's image token and the Temporal Web UI's address",
  responses: { 200: { description: 'the session', content: json(session) } },
});

export function sessionRoutes({ config }: ApiDeps) {
  const token = imageToken(config.apiKey!);
  const temporalUi = config.temporal.uiUrl
    ? { url: config.temporal.uiUrl, namespace: config.temporal.namespace }
    : null;
  return router().openapi(get, (c) => c.json({ imageToken: token, temporalUi }, 200));
}
