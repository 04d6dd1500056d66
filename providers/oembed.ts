// The sites' oEmbed endpoints as an availability check: a HEAD request that tells a video that is
// gone (or private) from one that exists, before anything is asked of the downloader.
import { request } from 'undici';

export type OembedAnswer = 'exists' | 'not_found' | 'unknown';

const TIMEOUT_MS = 10_000;

/** 2xx: exists; 404 or 401: not found (removed, or private); anything else, or no answer: unknown. */
export async function checkOembed(url: string, signal?: AbortSignal): Promise<OembedAnswer> {
  try {
    const res = await request(url, {
      method: 'HEAD',
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body.dump();
    if (res.statusCode >= 200 && res.statusCode < 300) return 'exists';
    if (res.statusCode === 404 || res.statusCode === 401) return 'not_found';
    return 'unknown';
  } catch (err) {
    if (signal?.aborted) throw err;
    return 'unknown';
  }
}
