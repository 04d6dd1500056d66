import { request } from 'undici';
import type { z } from 'zod';
import { ProviderError } from './errors.js';

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * GET a JSON document and parse it with `schema`. Every failure becomes a ProviderError whose kind
 * says whether a retry can help; a body that is not what the schema says names the offending field.
 */
export async function getJson<S extends z.ZodType>(
  provider: string,
  url: URL,
  schema: S,
  opts: { headers?: Record<string, string>; timeoutMs: number },
): Promise<z.infer<S>> {
  // The URL may carry an api_key: never put it in an error message.
  const where = `${url.origin}${url.pathname}`;
  let res;
  try {
    res = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...opts.headers },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    throw new ProviderError(provider, 'network', `GET ${where} failed: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    throw new ProviderError(
      provider,
      'network',
      `GET ${where}: body not read: ${(err as Error).message}`,
      res.statusCode,
    );
  }
  const status = res.statusCode;
  if (status !== 200) {
    const detail = `GET ${where} answered HTTP ${status}`;
    if (status === 401 || status === 403)
      throw new ProviderError(provider, 'auth', `${detail} (check the API key)`, status);
    if (status === 404) throw new ProviderError(provider, 'not_found', detail, status);
    if (status === 429)
      throw new ProviderError(provider, 'rate_limited', detail, status, parseRetryAfter(res.headers['retry-after']));
    if (status === 400 || status === 422) throw new ProviderError(provider, 'bad_request', detail, status);
    throw new ProviderError(provider, 'server', detail, status);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderError(
      provider,
      'malformed',
      `GET ${where}: response is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
      status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ProviderError(
      provider,
      'malformed',
      `GET ${where}: unexpected response: ${describeIssues(parsed.error.issues)}`,
      status,
    );
  return parsed.data;
}
