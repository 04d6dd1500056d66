// The API client, typed from the API's own description (schema.d.ts, generated): every call sends
// the stored key as X-Api-Key, and an answer that is an error throws it as an ApiError.
import createClient, { type Middleware } from 'openapi-fetch';
import { storedApiKey } from './api-key';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
type ErrorBody = Schemas['Error'];

/** An error answer of the API: its status and its `{error: {code, message, details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Told when the API refuses the key, so the app can ask for it again. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const key = storedApiKey();
    if (key) request.headers.set('X-Api-Key', key);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok || response.status === 304) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as ErrorBody | null;
    if (response.status === 401) onUnauthorized();
    throw new ApiError(
      response.status,
      body?.error.code ?? 'unknown',
      body?.error.message ?? `${response.status} ${response.statusText}`,
      body?.error.details,
    );
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The body of a successful answer (errors were thrown by the middleware). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
