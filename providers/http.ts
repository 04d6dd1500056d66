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

/** A provider's JSON answer larger than this is refused unless the client is given another limit. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

class BodyTooLarge extends Error {}

/** The body as text, refused once it is larger than `maxBytes` (counted as it arrives: no length is trusted). */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GET a JSON document and parse it with `schema`. Every failure becomes a ProviderError whose kind
 * says whether a retry can help; a body that is not what the schema says names the offending field.
 * A body larger than `maxBodyBytes` is refused before it is parsed. A status in `parseStatuses` (a
 * provider answering its errors as JSON under it) is the schema's answer when the body parses.
 */
export async function getJson<S extends z.ZodType>(
  provider: string,
  url: URL,
  schema: S,
  opts: { headers?: Record<string, string>; timeoutMs: number; maxBodyBytes?: number; parseStatuses?: number[] },
): Promise<z.infer<S>> {
  // The URL may carry an api_key: never put it in an error message.
  const where = `${url.origin}${url.pathname}`;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tooLarge = (status: number) =>
    new ProviderError(provider, 'malformed', `GET ${where}: answer larger than ${maxBytes} bytes`, status);
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
  const status = res.statusCode;
  const readBody = status === 200 || (opts.parseStatuses?.includes(status) ?? false);
  let text = '';
  if (readBody) {
    if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
      res.body.destroy();
      throw tooLarge(status);
    }
    try {
      text = await readCapped(res.body, maxBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) throw tooLarge(status);
      throw new ProviderError(provider, 'network', `GET ${where}: body not read: ${(err as Error).message}`, status);
    }
  } else await res.body.dump().catch(() => undefined);
  const json = readBody ? parseJson(text) : undefined;
  if (status !== 200) {
    const answer = json === undefined ? undefined : schema.safeParse(json);
    if (answer?.success) return answer.data;
    const detail = `GET ${where} answered HTTP ${status}`;
    if (status === 401 || status === 403)
      throw new ProviderError(provider, 'auth', `${detail} (check the API key)`, status);
    if (status === 404) throw new ProviderError(provider, 'not_found', detail, status);
    if (status === 429)
      throw new ProviderError(provider, 'rate_limited', detail, status, parseRetryAfter(res.headers['retry-after']));
    if (status === 400 || status === 422) throw new ProviderError(provider, 'bad_request', detail, status);
    throw new ProviderError(provider, 'server', detail, status);
  }
  if (json === undefined)
    throw new ProviderError(
      provider,
      'malformed',
      `GET ${where}: response is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
      status,
    );
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
