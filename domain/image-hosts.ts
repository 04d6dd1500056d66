// Where images may be downloaded from. Candidate URLs come from provider answers, so they are
// untrusted: only hosts the configuration names are fetched, over https unless a configured base URL
// says http for that host and port, and a name must resolve to public addresses. Only a host the
// configuration writes as an address (or `localhost`) may be internal: the demo's fake providers.
import { classifyAddress, describeClass } from './addresses.js';

export interface ImageHostPolicy {
  /** `host:port` images may come from. */
  allowed: ReadonlySet<string>;
  /** `host:port` plain http may be used with (a configured base URL is http). */
  plainHttp: ReadonlySet<string>;
  /** Configured hosts written as an address or `localhost`: meant to be internal, so not checked as public. */
  internal: ReadonlySet<string>;
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/** `host:port`, the port always written out. */
export const hostKey = (url: URL) => `${url.hostname}:${url.port || defaultPort(url.protocol)}`;

/**
 * The allow-list: the hosts of the configured image base URLs, plus `host[:port]` entries (https,
 * port 443 unless given).
 */
export function imageHostPolicy(input: {
  baseUrls: readonly string[];
  extraHosts: readonly string[];
}): ImageHostPolicy {
  const allowed = new Set<string>();
  const plainHttp = new Set<string>();
  const internal = new Set<string>();
  const add = (url: URL) => {
    allowed.add(hostKey(url));
    if (url.protocol === 'http:') plainHttp.add(hostKey(url));
    // A name could be re-pointed at an internal address (DNS rebinding): names must stay public.
    if (url.hostname === 'localhost' || classifyAddress(unbracket(url.hostname)) !== 'invalid')
      internal.add(url.hostname);
  };
  for (const base of input.baseUrls) {
    const url = URL.canParse(base) ? new URL(base) : undefined;
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) add(url);
  }
  for (const entry of input.extraHosts) {
    const url = URL.canParse(`https://${entry}/`) ? new URL(`https://${entry}/`) : undefined;
    if (url) add(url);
  }
  return { allowed, plainHttp, internal };
}

export type ImageUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Whether a candidate URL may be fetched, and if not, what was refused. */
export function checkImageUrl(policy: ImageHostPolicy, raw: string): ImageUrlCheck {
  if (!URL.canParse(raw)) return { ok: false, reason: 'not a URL' };
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: `scheme ${url.protocol} is not allowed` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed' };
  const key = hostKey(url);
  if (!policy.allowed.has(key)) return { ok: false, reason: `host ${key} is not an allowed image host` };
  if (url.protocol === 'http:' && !policy.plainHttp.has(key))
    return { ok: false, reason: `plain http to ${key} is not allowed (https only)` };
  // An address written in the URL is connected to without a lookup: it is checked here.
  const literal = classifyAddress(unbracket(url.hostname));
  if (literal !== 'invalid' && literal !== 'public' && !policy.internal.has(url.hostname))
    return { ok: false, reason: `host ${key} is ${describeClass(literal)}` };
  return { ok: true, url };
}

/**
 * A host's resolved addresses: every one must be public unless the configuration named the host.
 * Returns the refusal, or null.
 */
export function checkAddresses(policy: ImageHostPolicy, hostname: string, addresses: readonly string[]): string | null {
  if (policy.internal.has(hostname)) return null;
  for (const address of addresses) {
    const cls = classifyAddress(unbracket(address));
    if (cls !== 'public') return `host ${hostname} resolves to ${describeClass(cls)}`;
  }
  return null;
}
