// The outbound rules on their own: the address classifier, the image-host allow-list, the connect-time
// lookup on a stub resolver's answers, redirects, and the provider body cap. Every connection made
// here goes to a loopback address; private, link-local and metadata addresses are only classified or
// handed out by the stub resolver, never connected to.
import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyAddress, type AddressClass } from '../domain/addresses.js';
import { checkImageUrl, imageHostPolicy, type ImageHostPolicy } from '../domain/image-hosts.js';
import { faults, startFakeProviders, type FakeProviders } from '../fake-providers/server.js';
import { loadConfig } from '../lib/config.js';
import { ProviderError } from '../providers/errors.js';
import { getJson } from '../providers/http.js';
import {
  configuredImagePolicy,
  guardedLookup,
  ImageFetcher,
  ImageNetworkError,
  RefusedAddress,
  type Resolver,
} from '../providers/image-fetch.js';
import { OmdbClient } from '../providers/omdb.js';
import { TmdbClient } from '../providers/tmdb.js';

describe('address classifier', () => {
  const cases: Record<AddressClass, string[]> = {
    loopback: ['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]', '64:ff9b::7f00:1'],
    private: [
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      'fc00::1',
      'fd12:3456::1',
      'fec0::1',
      '::ffff:10.1.2.3',
      '::ffff:192.168.0.1',
      '2002:c0a8:101::1',
    ],
    'link-local': ['169.254.169.254', '169.254.0.1', 'fe80::1', 'fe80::1%eth0', 'febf::1', '::ffff:169.254.169.254'],
    shared: ['100.64.0.1', '100.127.255.255', '::ffff:100.100.100.200'],
    unspecified: ['0.0.0.0', '0.1.2.3', '::', '::ffff:0.0.0.0'],
    multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff05::1:3'],
    documentation: ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1'],
    reserved: ['240.0.0.1', '255.255.255.255', '192.0.0.8', '198.18.0.1', '2001::1', '::127.0.0.1', '100::1', '::2'],
    public: [
      '8.8.8.8',
      '1.1.1.1',
      '172.15.255.255',
      '172.32.0.1',
      '100.63.255.255',
      '100.128.0.1',
      '169.253.255.255',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ],
    invalid: ['localhost', '256.1.1.1', '1.2.3', '01.2.3.4x', '::g', '1::2::3', '1:2:3:4:5:6:7:8:9', ''],
  };
  for (const [cls, addresses] of Object.entries(cases))
    it(`classifies ${cls} addresses`, () => {
      expect(Object.fromEntries(addresses.map((a) => [a, classifyAddress(a)]))).toEqual(
        Object.fromEntries(addresses.map((a) => [a, cls])),
      );
    });

  it('classifies an IPv4-mapped IPv6 address as its IPv4 address, in both notations', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const n = ip.split('.').map(Number);
        const hex = `::ffff:${((n[0]! << 8) | n[1]!).toString(16)}:${((n[2]! << 8) | n[3]!).toString(16)}`;
        expect(classifyAddress(`::ffff:${ip}`)).toBe(classifyAddress(ip));
        expect(classifyAddress(hex)).toBe(classifyAddress(ip));
      }),
    );
  });

  it('parses every IPv6 form', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(classifyAddress(ip)).not.toBe('invalid');
      }),
    );
  });
});

const defaults = configuredImagePolicy(loadConfig({}));
const fakeServer = imageHostPolicy({
  baseUrls: ['http://127.0.0.1:3999/t/p', 'http://127.0.0.1:3999/fanart/art'],
  extraHosts: ['cdn.example.com', 'images.example.net:8443'],
});

describe('image-host allow-list', () => {
  it('is made of the configured image bases and IMAGE_HOSTS, with plain http only where a base says so', () => {
    expect(defaults).toEqual({
      allowed: new Set(['image.tmdb.org:443', 'assets.fanart.tv:443']),
      plainHttp: new Set(),
      internal: new Set(),
    });
    expect(fakeServer).toEqual({
      allowed: new Set(['127.0.0.1:3999', 'cdn.example.com:443', 'images.example.net:8443']),
      plainHttp: new Set(['127.0.0.1:3999']),
      internal: new Set(['127.0.0.1']),
    });
    const configured = configuredImagePolicy(loadConfig({ IMAGE_HOSTS: 'Images.Example.org, 127.0.0.2:8080' }));
    expect([...configured.allowed]).toEqual([
      'image.tmdb.org:443',
      'assets.fanart.tv:443',
      'images.example.org:443',
      '127.0.0.2:8080',
    ]);
  });

  const refusal = (policy: ImageHostPolicy, url: string) => {
    const r = checkImageUrl(policy, url);
    return r.ok ? 'allowed' : r.reason;
  };

  it('allows the providers’ images and says what it refuses', () => {
    expect(refusal(defaults, 'https://image.tmdb.org/t/p/original/x.jpg')).toBe('allowed');
    expect(refusal(defaults, 'https://IMAGE.tmdb.org:443/t/p/original/x.jpg')).toBe('allowed');
    expect(refusal(defaults, 'https://assets.fanart.tv/fanart/movies/1/x.jpg')).toBe('allowed');
    expect(refusal(fakeServer, 'http://127.0.0.1:3999/fanart/art/x.jpg')).toBe('allowed');
    expect(refusal(fakeServer, 'https://images.example.net:8443/x.jpg')).toBe('allowed');

    expect(refusal(fakeServer, 'http://127.0.0.2:5432/x.jpg')).toBe('host 127.0.0.2:5432 is not an allowed image host');
    expect(refusal(fakeServer, 'http://127.0.0.1:5432/')).toBe('host 127.0.0.1:5432 is not an allowed image host');
    expect(refusal(fakeServer, 'http://localhost:3999/x.jpg')).toBe('host localhost:3999 is not an allowed image host');
    expect(refusal(fakeServer, 'http://[::1]:3999/x.jpg')).toBe('host [::1]:3999 is not an allowed image host');
    expect(refusal(defaults, 'http://localhost:8233/')).toBe('host localhost:8233 is not an allowed image host');
    expect(refusal(defaults, 'http://169.254.169.254/latest/meta-data/')).toBe(
      'host 169.254.169.254:80 is not an allowed image host',
    );
    expect(refusal(defaults, 'https://image.tmdb.org.evil.example/x.jpg')).toBe(
      'host image.tmdb.org.evil.example:443 is not an allowed image host',
    );
    expect(refusal(defaults, 'https://image.tmdb.org:8443/x.jpg')).toBe(
      'host image.tmdb.org:8443 is not an allowed image host',
    );
    expect(refusal(defaults, 'http://image.tmdb.org/t/p/original/x.jpg')).toBe(
      'host image.tmdb.org:80 is not an allowed image host',
    );
    expect(refusal(fakeServer, 'http://images.example.net:8443/x.jpg')).toBe(
      'plain http to images.example.net:8443 is not allowed (https only)',
    );
    expect(refusal(defaults, 'file:///etc/passwd')).toBe('scheme file: is not allowed');
    expect(refusal(defaults, 'data:image/png;base64,iVBORw0KGgo=')).toBe('scheme data: is not allowed');
    expect(refusal(defaults, 'ftp://image.tmdb.org/x.jpg')).toBe('scheme ftp: is not allowed');
    expect(refusal(defaults, 'gopher://127.0.0.1:6379/_INFO')).toBe('scheme gopher: is not allowed');
    expect(refusal(defaults, 'https://user:secret@image.tmdb.org/x.jpg')).toBe(
      'credentials in the URL are not allowed',
    );
    expect(refusal(defaults, '/t/p/original/x.jpg')).toBe('not a URL');
  });

  it('refuses an allowed address literal that is not public unless the configuration named it', () => {
    const literal: ImageHostPolicy = { allowed: new Set(['10.0.0.5:443']), plainHttp: new Set(), internal: new Set() };
    expect(refusal(literal, 'https://10.0.0.5/x.jpg')).toBe('host 10.0.0.5:443 is a private address');
    expect(refusal({ ...literal, internal: new Set(['10.0.0.5']) }, 'https://10.0.0.5/x.jpg')).toBe('allowed');
  });
});

/** A resolver answering from a table, as DNS might for a poisoned or rebinding name. */
const stubResolver =
  (answers: Record<string, string[]>): Resolver =>
  (hostname, _options, callback) => {
    const found = answers[hostname];
    if (!found)
      return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      found.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

/** The lookup's answer for `hostname`: the addresses it let through, or its refusal. */
function lookUp(policy: ImageHostPolicy, answers: Record<string, string[]>, hostname: string, all = true) {
  return new Promise<unknown>((resolve) =>
    guardedLookup(policy, stubResolver(answers))(hostname, { all }, (err, address, family) =>
      resolve(err ? err : all ? address : { address, family }),
    ),
  );
}

describe('connect-time lookup on a stub resolver’s answers', () => {
  it('refuses a provider CDN name resolving to a private, link-local, metadata or loopback address', async () => {
    const cases: [string[], string][] = [
      [['169.254.169.254'], 'host image.tmdb.org resolves to a link-local address'],
      [['10.1.2.3'], 'host image.tmdb.org resolves to a private address'],
      [['172.20.0.4'], 'host image.tmdb.org resolves to a private address'],
      [['192.168.0.10'], 'host image.tmdb.org resolves to a private address'],
      [['100.64.0.1'], 'host image.tmdb.org resolves to a shared (carrier-grade NAT) address'],
      [['127.0.0.1'], 'host image.tmdb.org resolves to a loopback address'],
      [['0.0.0.0'], 'host image.tmdb.org resolves to an unspecified address'],
      [['224.0.0.251'], 'host image.tmdb.org resolves to a multicast address'],
      [['fd00:ec2::254'], 'host image.tmdb.org resolves to a private address'],
      [['fe80::a9fe:a9fe'], 'host image.tmdb.org resolves to a link-local address'],
      [['::ffff:169.254.169.254'], 'host image.tmdb.org resolves to a link-local address'],
      [['::1'], 'host image.tmdb.org resolves to a loopback address'],
      // Every address counts: one public answer does not carry a private one.
      [['151.101.1.1', '10.0.0.1'], 'host image.tmdb.org resolves to a private address'],
      [['2606:4700::1', '::ffff:127.0.0.1'], 'host image.tmdb.org resolves to a loopback address'],
    ];
    for (const [addresses, reason] of cases) {
      const err = await lookUp(defaults, { 'image.tmdb.org': addresses }, 'image.tmdb.org');
      expect(err, addresses.join(', ')).toBeInstanceOf(RefusedAddress);
      expect((err as Error).message).toBe(reason);
    }
  });

  it('passes public answers on in the form asked for; a configured name must resolve publicly too, an address or localhost need not', async () => {
    const answers = {
      'image.tmdb.org': ['151.101.1.1', '2a04:4e42::1'],
      'cdn.example.com': ['10.0.0.7'],
      localhost: ['127.0.0.1'],
    };
    expect(await lookUp(defaults, answers, 'image.tmdb.org')).toEqual([
      { address: '151.101.1.1', family: 4 },
      { address: '2a04:4e42::1', family: 6 },
    ]);
    expect(await lookUp(defaults, answers, 'image.tmdb.org', false)).toEqual({ address: '151.101.1.1', family: 4 });
    const rebound = await lookUp(fakeServer, answers, 'cdn.example.com');
    expect(rebound).toBeInstanceOf(RefusedAddress);
    expect((rebound as Error).message).toBe('host cdn.example.com resolves to a private address');
    const local = imageHostPolicy({ baseUrls: ['http://localhost:3999'], extraHosts: [] });
    expect(await lookUp(local, answers, 'localhost')).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await lookUp(defaults, answers, 'nowhere.example')).toMatchObject({ code: 'ENOTFOUND' });
  });
});

/** A loopback HTTP server on 127.0.0.2 counting the requests it gets. */
async function loopbackServer(handler: (path: string) => { status: number; location?: string; body?: string }) {
  const seen: string[] = [];
  const server: Server = createHttpServer((req, res) => {
    seen.push(req.url ?? '');
    const { status, location, body } = handler(req.url ?? '');
    res.writeHead(status, location ? { location } : { 'content-type': 'image/jpeg' });
    res.end(body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

/** A loopback TCP listener counting the connections it accepts. */
async function listener(host: string) {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
  };
}

describe('image fetcher (undici agent with the guarded lookup)', () => {
  let images: Awaited<ReturnType<typeof loopbackServer>>;
  let probe: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => {
    images = await loopbackServer((path) => {
      const hop = /^\/hop\/(\d+)$/.exec(path);
      if (hop) return Number(hop[1]) > 0 ? { status: 302, location: `/hop/${Number(hop[1]) - 1}` } : { status: 200 };
      if (path === '/away') return { status: 301, location: `http://localhost:${probe.port}/x.jpg` };
      if (path === '/cdn') return { status: 302, location: `https://image.tmdb.org:${probe.port}/x.jpg` };
      return { status: 200, body: 'image bytes' };
    });
    probe = await listener('127.0.0.2');
  });
  afterAll(() => {
    images.server.close();
    probe.server.close();
  });

  // `localhost` is configured (as an internal host may be); `images.test` and the TMDB CDN name are
  // configured names that must stay public, and the stub resolver points all three at 127.0.0.2.
  const fetcherFor = () => {
    const policy = imageHostPolicy({
      baseUrls: [
        `http://localhost:${images.port}/t/p`,
        `http://images.test:${images.port}/t/p`,
        `https://image.tmdb.org:${probe.port}/t/p`,
      ],
      extraHosts: [],
    });
    return new ImageFetcher(policy, {
      resolver: stubResolver({
        localhost: ['127.0.0.2'],
        'images.test': ['127.0.0.2'],
        'image.tmdb.org': ['127.0.0.2'],
      }),
    });
  };

  it('connects to a configured host through the stub resolver, and refuses the CDN name resolving to loopback before connecting', async () => {
    const fetcher = fetcherFor();
    try {
      const ok = await fetcher.get(`http://localhost:${images.port}/t/p/original/a.jpg`, { timeoutMs: 5000 });
      expect(ok.ok).toBe(true);
      if (ok.ok) expect(await ok.res.body.text()).toBe('image bytes');
      expect(images.seen).toContain('/t/p/original/a.jpg');

      expect(await fetcher.get(`https://image.tmdb.org:${probe.port}/t/p/original/a.jpg`, { timeoutMs: 5000 })).toEqual(
        {
          ok: false,
          reason: 'host image.tmdb.org resolves to a loopback address',
        },
      );
      expect(probe.connections).toBe(0);
      // A configured name is no licence to resolve inside the network (DNS rebinding).
      expect(await fetcher.get(`http://images.test:${images.port}/t/p/original/b.jpg`, { timeoutMs: 5000 })).toEqual({
        ok: false,
        reason: 'host images.test resolves to a loopback address',
      });
      expect(images.seen).not.toContain('/t/p/original/b.jpg');
    } finally {
      await fetcher.close();
    }
  });

  it('follows at most 3 redirects, checking each location with the same rules', async () => {
    const fetcher = fetcherFor();
    const base = `http://localhost:${images.port}`;
    try {
      images.seen.length = 0;
      const three = await fetcher.get(`${base}/hop/3`, { timeoutMs: 5000 });
      expect(three).toMatchObject({ ok: true, url: `${base}/hop/0` });
      if (three.ok) await three.res.body.dump();
      expect(images.seen).toEqual(['/hop/3', '/hop/2', '/hop/1', '/hop/0']);

      images.seen.length = 0;
      expect(await fetcher.get(`${base}/hop/4`, { timeoutMs: 5000 })).toEqual({
        ok: false,
        reason: 'more than 3 redirects',
      });
      expect(images.seen).toEqual(['/hop/4', '/hop/3', '/hop/2', '/hop/1']);

      expect(await fetcher.get(`${base}/away`, { timeoutMs: 5000 })).toEqual({
        ok: false,
        reason: `redirect to http://localhost:${probe.port}/x.jpg refused: host localhost:${probe.port} is not an allowed image host`,
      });
      expect(await fetcher.get(`${base}/cdn`, { timeoutMs: 5000 })).toEqual({
        ok: false,
        reason: `redirect to https://image.tmdb.org:${probe.port}/x.jpg refused: host image.tmdb.org resolves to a loopback address`,
      });
      expect(probe.connections).toBe(0);
    } finally {
      await fetcher.close();
    }
  });

  it('says only "connection failed" when an allowed host refuses the connection', async () => {
    const closed = await listener('127.0.0.2');
    await new Promise((r) => closed.server.close(r));
    const fetcher = new ImageFetcher(
      imageHostPolicy({ baseUrls: [`http://127.0.0.2:${closed.port}`], extraHosts: [] }),
    );
    try {
      const err = await fetcher.get(`http://127.0.0.2:${closed.port}/x.jpg`, { timeoutMs: 5000 }).catch((e) => e);
      expect(err).toBeInstanceOf(ImageNetworkError);
      expect(err.reason).toBe('connection failed');
      expect(err.message).toBe('connection failed');
      expect(String(err.cause)).toMatch(/ECONNREFUSED/); // for the worker's log only
    } finally {
      await fetcher.close();
    }
  });
});

describe('provider body cap', () => {
  let p: FakeProviders;
  beforeAll(async () => {
    p = await startFakeProviders();
  });
  afterAll(async () => p?.close());
  const padding = z.object({ padding: z.string() });
  const get = (path: string, maxBodyBytes: number) =>
    getJson('tmdb', new URL(`${p.url}${path}`), padding, { timeoutMs: 10_000, maxBodyBytes });

  it('refuses a body over the cap, counted while streaming or announced, before parsing', async () => {
    p.setFaults([
      faults.oversizedJson('/big/streamed', 3 * 1024 * 1024),
      faults.oversizedJson('/big/announced', 2 * 1024 * 1024, true),
      faults.oversizedJson('/small', 512 * 1024),
    ]);
    for (const path of ['/big/streamed', '/big/announced']) {
      const err = await get(path, 1024 * 1024).catch((e) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ kind: 'malformed', retryable: false });
      expect(err.message).toBe(`tmdb: GET ${p.url}${path}: answer larger than 1048576 bytes`);
    }
    expect((await get('/small', 1024 * 1024)).padding).toHaveLength(512 * 1024 - 14);
  });

  it('hands the cap to the clients through their options', async () => {
    p.setFaults([faults.oversizedJson('/3/movie/603', 200_000)]);
    const tmdb = new TmdbClient({
      apiUrl: `${p.url}/3`,
      imageUrl: '',
      apiKey: 'k',
      language: 'en',
      maxBodyBytes: 65_536,
    });
    await expect(tmdb.movie(603)).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('answer larger than 65536 bytes'),
    });
    p.clearFaults();
    expect(
      (await new TmdbClient({ apiUrl: `${p.url}/3`, imageUrl: '', apiKey: 'k', language: 'en' }).movie(603)).id,
    ).toBe(603);
  });

  it('reads OMDb’s daily limit from its 401 error body as a spent quota', async () => {
    p.setFaults([faults.omdbDailyLimit()]);
    const omdb = new OmdbClient({ apiUrl: `${p.url}/omdb`, apiKey: 'k' });
    await expect(omdb.movie('tt0133093')).rejects.toMatchObject({
      name: 'QuotaExhausted',
      kind: 'rate_limited',
      message: 'omdb: Request limit reached!',
    });
    p.setFaults([
      { match: '/omdb', status: 200, body: JSON.stringify({ Response: 'False', Error: 'Request limit reached!' }) },
    ]);
    await expect(omdb.movie('tt0133093')).rejects.toMatchObject({ name: 'QuotaExhausted' });
    p.clearFaults();
    await expect(new OmdbClient({ apiUrl: `${p.url}/omdb`, apiKey: '' }).movie('tt0133093')).rejects.toMatchObject({
      kind: 'auth',
    });
  });
});
