// What kind of network an IP address belongs to: only public unicast addresses may be fetched from
// a host nobody configured. Pure parsing, no name resolution.

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'invalid';

/** A dotted-quad IPv4 address as a 32-bit number; null for anything else. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

/** An IPv6 address (brackets and zone allowed, an embedded dotted quad too) as eight 16-bit groups. */
export function parseIpv6(text: string): number[] | null {
  let s = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const quad = /(^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (quad) {
    const v4 = parseIpv4(quad[2]!);
    if (v4 === null) return null;
    s = `${s.slice(0, s.length - quad[2]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** IPv4 blocks that are not public unicast, most specific first where they nest. */
const IPV4_BLOCKS: readonly [base: number, bits: number, cls: AddressClass][] = [
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'shared'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'],
  [v4(192, 0, 2, 0), 24, 'documentation'],
  [v4(192, 88, 99, 0), 24, 'reserved'],
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'],
  [v4(198, 51, 100, 0), 24, 'documentation'],
  [v4(203, 0, 113, 0), 24, 'documentation'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

export function classifyIpv4(n: number): AddressClass {
  for (const [base, bits, cls] of IPV4_BLOCKS) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === base) return cls;
  }
  return 'public';
}

export function classifyIpv6(g: readonly number[]): AddressClass {
  const embedded = (hi: number, lo: number) => classifyIpv4(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d): the IPv4 address decides.
  if (zeros(0, 5) && g[5] === 0xffff) return embedded(g[6]!, g[7]!);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embedded(g[6]!, g[7]!);
  // NAT64's well-known prefix reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embedded(g[6]!, g[7]!);
  // 6to4 reaches the IPv4 address in bits 16–47.
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!);
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'private';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation';
  // Protocol assignments: Teredo (which hides an IPv4 address), benchmarking, ORCHID.
  if (first === 0x2001 && g[1]! < 0x0200) return 'reserved';
  if (first === 0x3fff && g[1]! < 0x1000) return 'documentation';
  // Only 2000::/3 is global unicast; everything else (the IPv4-compatible ::/96 included) is not.
  if ((first & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

/** The class of an IPv4 or IPv6 address in text form; `invalid` for anything that is not one. */
export function classifyAddress(text: string): AddressClass {
  const a = parseIpv4(text);
  if (a !== null) return classifyIpv4(a);
  const b = text.includes(':') ? parseIpv6(text) : null;
  return b ? classifyIpv6(b) : 'invalid';
}

const LABEL: Record<Exclude<AddressClass, 'public'>, string> = {
  unspecified: 'an unspecified',
  loopback: 'a loopback',
  private: 'a private',
  'link-local': 'a link-local',
  shared: 'a shared (carrier-grade NAT)',
  multicast: 'a multicast',
  documentation: 'a documentation',
  reserved: 'a reserved',
  invalid: 'an invalid',
};

/** "a loopback address", "a link-local address", …: for refusal reasons. */
export const describeClass = (cls: Exclude<AddressClass, 'public'>) => `${LABEL[cls]} address`;
