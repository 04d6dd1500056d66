// Image downloads from URLs that provider answers supplied: only allow-listed hosts, every resolved
// address checked before a connection is made, redirects followed by hand and checked the same way.
// A refusal says what was refused; a failed connection says only that it failed.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { checkAddresses, checkImageUrl, imageHostPolicy, type ImageHostPolicy } from '../domain/image-hosts.js';
import type { Config } from '../lib/config.js';

export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Resolves every address of a name, as `dns.lookup` with `all: true` does. */
export type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A resolved address the rules refuse: raised before any connection is attempted. */
export class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

/** A request that failed on the network; `reason` is safe to show, the cause is for the logs. */
export class ImageNetworkError extends Error {
  override name = 'ImageNetworkError';
  constructor(
    readonly reason: 'connection failed' | 'timed out',
    options: { cause: unknown },
  ) {
    super(reason, options);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** What a network error may say to a caller: that it timed out or failed, never the address or port. */
export function networkReason(err: unknown): ImageNetworkError['reason'] {
  const e = err as { code?: string; name?: string } | undefined;
  return TIMEOUT_CODES.has(e?.code ?? '') || e?.name === 'TimeoutError' ? 'timed out' : 'connection failed';
}

/** The connect-time lookup: resolves the name, and refuses it when any address is not allowed for that host. */
export function guardedLookup(policy: ImageHostPolicy, resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      if (addresses.length === 0) return callback(new RefusedAddress(`host ${hostname} has no address`), '');
      const refused = checkAddresses(
        policy,
        hostname,
        addresses.map((a) => a.address),
      );
      if (refused) return callback(new RefusedAddress(refused), '');
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export type ImageFetch = { ok: true; url: string; res: Dispatcher.ResponseData } | { ok: false; reason: string };

export class ImageFetcher {
  private readonly agent: Agent;
  private readonly maxRedirects: number;

  constructor(
    readonly policy: ImageHostPolicy,
    opts: { resolver?: Resolver; maxRedirects?: number } = {},
  ) {
    this.agent = new Agent({ connect: { lookup: guardedLookup(policy, opts.resolver) } });
    this.maxRedirects = opts.maxRedirects ?? MAX_REDIRECTS;
  }

  /**
   * GET an image URL. A URL, address or redirect the rules refuse is `{ ok: false, reason }` without
   * a connection to it; a network failure throws ImageNetworkError. Any other answer is returned
   * with its body unread.
   */
  async get(raw: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ImageFetch> {
    const first = checkImageUrl(this.policy, raw);
    if (!first.ok) return first;
    let url = first.url;
    // The whole exchange, body included, ends at the timeout or when the caller gives up.
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    for (let hop = 0; ; hop++) {
      const refused = (reason: string) => ({
        ok: false as const,
        reason: hop === 0 ? reason : `redirect to ${url.href} refused: ${reason}`,
      });
      let res;
      try {
        res = await request(url, {
          method: 'GET',
          dispatcher: this.agent,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
          signal,
        });
      } catch (err) {
        if (err instanceof RefusedAddress) return refused(err.message);
        throw new ImageNetworkError(networkReason(err), { cause: err });
      }
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode) || typeof location !== 'string') return { ok: true, url: url.href, res };
      await res.body.dump();
      const target = URL.canParse(location, url.href) ? new URL(location, url).href : location;
      if (hop >= this.maxRedirects) return { ok: false, reason: `more than ${this.maxRedirects} redirects` };
      const next = checkImageUrl(this.policy, target);
      if (!next.ok) return { ok: false, reason: `redirect to ${target} refused: ${next.reason}` };
      url = next.url;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** The allow-list the configuration makes: both providers' image bases and IMAGE_HOSTS. */
export function configuredImagePolicy(config: Config): ImageHostPolicy {
  return imageHostPolicy({
    baseUrls: [config.tmdb.imageUrl, config.fanart.imageUrl],
    extraHosts: config.imageHosts,
  });
}
