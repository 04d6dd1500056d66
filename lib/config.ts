import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ASSET_TYPE_TABLE } from '../domain/asset-types.js';
import {
  assetLimit,
  booleanText,
  durationText,
  languageCode,
  refreshIntervalText,
  reviewTimeoutText,
} from '../domain/settings.js';
import {
  REAL_VIDEO_SITES,
  TRAILER_RESOLUTIONS,
  type TrailerResolution,
  type VideoSiteUrls,
} from '../domain/trailers.js';
import { ASSET_TYPES, type AssetType, type Trigger } from '../domain/types.js';
import { DEFAULT_TASK_QUEUE } from '../domain/workflow-ids.js';
import { DEFAULT_MAX_BODY_BYTES } from '../providers/http.js';

/** The folder holding package.json, whether running from source or from dist/. */
export const projectRoot = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const urlNoSlash = z
  .string()
  .url()
  .transform((u) => u.replace(/\/+$/, ''));

/** `40/10s`, `1/1s`, `1/500ms`: at most N requests in any window of that length. */
const rateLimit = z
  .string()
  .regex(/^\d+\/\d+(ms|s)$/, 'N/<duration> such as 40/10s or 1/500ms')
  .transform((v) => {
    const [, n, d, unit] = /^(\d+)\/(\d+)(ms|s)$/.exec(v)!;
    return { limit: Number(n), windowMs: Number(d) * (unit === 's' ? 1000 : 1) };
  })
  .refine((r) => r.limit > 0 && r.windowMs > 0, 'limit and window must be positive');

/** An API key: 16 to 256 printable ASCII characters, no spaces (it travels in headers and URLs). */
export const API_KEY_FORMAT = /^[\x21-\x7e]{16,256}$/;

/** Comma-separated values, blanks dropped. */
const list = (item: z.ZodString) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    )
    .pipe(z.array(item));

const assetLimitVar = <T extends AssetType>(t: T) => `ASSET_LIMIT_${t.toUpperCase() as Uppercase<T>}` as const;

/** `ASSET_LIMIT_POSTER`, `ASSET_LIMIT_FANART`, …: one range-checked variable per asset type. */
function assetLimitVars() {
  const limit = (t: AssetType) => z.coerce.number().pipe(assetLimit(t)).default(ASSET_TYPE_TABLE[t].defaultLimit);
  return Object.fromEntries(ASSET_TYPES.map((t) => [assetLimitVar(t), limit(t)])) as {
    [T in AssetType as `ASSET_LIMIT_${Uppercase<T>}`]: ReturnType<typeof limit>;
  };
}

const enrichLimit = (fallback: number) => z.coerce.number().int().min(1).max(100_000).default(fallback);

/** Every environment variable the processes read, with its default; parsed once at the edge. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address the API listens on: loopback unless told otherwise (docker-compose sets 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Required on every /api route; unset, the API generates one into the data folder on first start. */
  API_KEY: z.string().regex(API_KEY_FORMAT, '16 to 256 printable characters without spaces').optional(),
  /** Folders a movie's file may lie in (comma-separated absolute paths); none set, no path is accepted. */
  LIBRARY_ROOTS: list(z.string().refine(isAbsolute, 'an absolute path')).optional(),
  /** `from:to` pairs: how a path Radarr names (its container's view) is seen here. */
  PATH_MAPPINGS: list(z.string().regex(/^\/[^:]*:\/.*$/, 'from:to, both absolute paths')).optional(),
  /** HTTP Basic login webhook senders may use instead of the API key; both or neither. */
  WEBHOOK_USER: z
    .string()
    .regex(/^[^:]+$/, 'no colon (HTTP Basic cannot carry one in a user name)')
    .optional(),
  WEBHOOK_PASSWORD: z.string().optional(),
  /** Hosts (with `:port` where not the scheme's default) images may also be fetched from. */
  IMAGE_HOSTS: list(
    z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'a host name, optionally with :port')
      .refine((h) => Number(/:(\d+)$/.exec(h)?.[1] ?? 443) <= 65535, 'a port of at most 65535'),
  ).optional(),
  DATA_DIR: z.string().min(1).default(resolve(projectRoot, '.data')),
  CACHE_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** The Temporal Web UI, for the web UI's links to each run; npm start sets it for its dev server. */
  TEMPORAL_UI_URL: urlNoSlash.refine((u) => /^https?:\/\//.test(u), 'an http(s) URL').optional(),
  /** No double quote: admission counts the queue's runs in a visibility query, which cannot escape one. */
  TASK_QUEUE: z
    .string()
    .min(1)
    .regex(/^[^"]+$/, 'no double quotes')
    .default(DEFAULT_TASK_QUEUE),
  TMDB_API_URL: urlNoSlash.default('https://api.themoviedb.org/3'),
  TMDB_IMAGE_URL: urlNoSlash.default('https://image.tmdb.org/t/p'),
  TMDB_API_KEY: z.string().min(1).optional(),
  TMDB_RATE_LIMIT: rateLimit.prefault('40/10s'),
  FANART_API_URL: urlNoSlash.default('https://webservice.fanart.tv/v3'),
  /** Where Fanart.tv's images are served from: its host is on the image allow-list. */
  FANART_IMAGE_URL: urlNoSlash.default('https://assets.fanart.tv'),
  FANART_API_KEY: z.string().min(1).optional(),
  FANART_CLIENT_KEY: z.string().min(1).optional(),
  /** Default 1/1s, or 1/500ms with a personal (client) key. */
  FANART_RATE_LIMIT: rateLimit.optional(),
  OMDB_API_URL: urlNoSlash.default('https://www.omdbapi.com'),
  OMDB_API_KEY: z.string().min(1).optional(),
  OMDB_RATE_LIMIT: rateLimit.prefault('10/15s'),
  PREFERRED_LANGUAGE: languageCode.default('en'),
  ...assetLimitVars(),
  /** Near-duplicate iff the pHash Hamming distance is at most this (default from bench/dedup). */
  PHASH_THRESHOLD: z.coerce.number().int().min(0).max(32).default(8),
  /** Publish without review when an enrichment changed something. */
  AUTO_PUBLISH: booleanText.prefault('false'),
  /** How long an enrichment waits for the user's review before completing unpublished; 0 = no wait. */
  REVIEW_TIMEOUT: reviewTimeoutText.prefault('14d'),
  /** Enrichments in flight per trigger class; a start beyond it is refused with 429. */
  ENRICH_LIMIT_USER: enrichLimit(100),
  ENRICH_LIMIT_WEBHOOK: enrichLimit(200),
  ENRICH_LIMIT_SCHEDULE: enrichLimit(500),
  ENRICH_LIMIT_BULK: enrichLimit(1000),
  /**
   * Enrichments a bulk run, a scan's import or the scheduled refresh keeps in flight at once. One
   * per core by default: wider windows add some throughput, but on a small machine they load the
   * Temporal server and the worker so much that a person's own enrich, though dispatched first,
   * takes several times as long (see bench/bulk.ts).
   */
  BATCH_WINDOW: z.coerce.number().int().min(1).max(500).default(availableParallelism()),
  /** How often the scheduled refresh runs (Temporal Schedule `refresh-library`); 0 = never. */
  REFRESH_INTERVAL: refreshIntervalText.prefault('7d'),
  /** A provider's JSON answer larger than this many bytes is refused before parsing. */
  PROVIDER_MAX_BODY: z.coerce.number().int().min(1024).max(104_857_600).default(DEFAULT_MAX_BODY_BYTES),
  /** An image with more pixels than this is refused from its header, before any decode. */
  MAX_IMAGE_PIXELS: z.coerce.number().int().min(1_000_000).max(100_000_000).default(40_000_000),
  /** Images decoded at once per worker process. */
  DECODE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Download each movie's best trailer with yt-dlp (off by default: trailers are large). */
  TRAILER_ENABLED: booleanText.prefault('false'),
  /** Trailers are scored up to, and downloaded at most at, this height. */
  TRAILER_MAX_RESOLUTION: z.coerce
    .number()
    .refine(
      (n): n is TrailerResolution => (TRAILER_RESOLUTIONS as readonly number[]).includes(n),
      'one of 480, 720, 1080, 2160',
    )
    .default(1080),
  /** The trailer language preferred in scoring; PREFERRED_LANGUAGE when unset. */
  TRAILER_LANGUAGE: languageCode.optional(),
  /** A trailer larger than this many bytes is not downloaded (default 1 GiB). */
  TRAILER_MAX_BYTES: z.coerce.number().int().min(1_048_576).max(17_179_869_184).default(1_073_741_824),
  /** The yt-dlp program; `yt-dlp` on PATH when unset (npm start and the tests set the project's own). */
  YTDLP_PATH: z.string().min(1).optional(),
  /** A cookies file (Netscape format) for yt-dlp: age-restricted trailers are tried only with one. */
  YTDLP_COOKIES: z.string().refine(isAbsolute, 'an absolute path').optional(),
  /** The video sites' watch pages and oEmbed endpoints (tests and the demo point them at the fake site). */
  YOUTUBE_WATCH_URL: z.string().url().default(REAL_VIDEO_SITES.youtube.watch),
  YOUTUBE_OEMBED_URL: urlNoSlash.default(REAL_VIDEO_SITES.youtube.oembed),
  VIMEO_WATCH_URL: z.string().url().default(REAL_VIDEO_SITES.vimeo.watch),
  VIMEO_OEMBED_URL: urlNoSlash.default(REAL_VIDEO_SITES.vimeo.oembed),
  /** How long a stopping worker lets its running activities finish before cancelling them (at most 1h). */
  WORKER_SHUTDOWN_GRACE: durationText.prefault('20s').refine((ms) => ms <= 3_600_000, 'at most 1h'),
  /**
   * Runs a worker keeps in memory between their steps (about a tenth of a megabyte each); one
   * pushed out replays its history, under a hundred events, on its next step: CPU for memory.
   */
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(1000),
  /**
   * Activities a worker runs at once. Downloads are I/O bound and mostly wait, and decoding is
   * bounded separately, so this is well above the cores; its database pool is sized from it.
   */
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1000).default(20),
  /** A workflow bundle built beforehand: the worker loads it instead of bundling at start. */
  WORKFLOW_BUNDLE: z
    .string()
    .min(1)
    .refine((p) => isAbsolute(p) && p.endsWith('.js'), 'an absolute path to a .js bundle')
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Names of every variable loadConfig reads (the README's configuration table and docker-compose use these). */
export const envNames = Object.keys(envSchema.shape) as (keyof Env)[];

export interface Config {
  port: number;
  host: string;
  apiKey: string | undefined;
  /** Absolute folders movie files may lie in; empty when none is configured. */
  libraryRoots: string[];
  /** Extra `host[:port]` entries on the image allow-list. */
  imageHosts: string[];
  /** Path prefixes as a webhook sender names them and as they are here, longest `from` first. */
  pathMappings: { from: string; to: string }[];
  /** The HTTP Basic login webhook senders may use instead of the API key. */
  webhookLogin: { user: string; password: string } | undefined;
  limits: { providerBodyBytes: number; imagePixels: number; decodeConcurrency: number };
  dataDir: string;
  cacheDir: string;
  databaseUrl: string | undefined;
  temporal: { address: string | undefined; namespace: string; taskQueue: string; uiUrl: string | undefined };
  /** Enrichments in flight at most, per trigger class (api/admission.ts). */
  enrichLimits: Record<Trigger, number>;
  tmdb: { apiUrl: string; imageUrl: string; apiKey: string | undefined };
  fanart: { apiUrl: string; imageUrl: string; apiKey: string | undefined; clientKey: string | undefined };
  omdb: { apiUrl: string; apiKey: string | undefined };
  /** Shared by all workers, never per process, keyed by provider name. */
  rateLimits: Record<'tmdb' | 'fanart.tv' | 'omdb', { limit: number; windowMs: number }>;
  preferredLanguage: string;
  /** Per-type limits from the environment; a valid `asset_limit_{type}` setting overrides them (domain/settings.ts). */
  assetLimits: Record<AssetType, number>;
  phashThreshold: number;
  autoPublish: boolean;
  reviewTimeoutMs: number;
  batchWindow: number;
  /** 0: no scheduled refresh. */
  refreshIntervalMs: number;
  workerShutdownGraceMs: number;
  workerCachedWorkflows: number;
  workerActivitySlots: number;
  trailers: {
    enabled: boolean;
    maxResolution: TrailerResolution;
    language: string;
    maxBytes: number;
    ytDlpPath: string;
    cookiesFile: string | undefined;
    sites: VideoSiteUrls;
  };
  /** A prebuilt workflow bundle to load instead of bundling at start. */
  workflowBundle: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in a compose file with `FOO=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.WEBHOOK_USER === undefined) !== (e.WEBHOOK_PASSWORD === undefined))
    throw new ConfigError('invalid configuration:\n  WEBHOOK_USER and WEBHOOK_PASSWORD: set both or neither');
  return {
    port: e.PORT,
    host: e.HOST,
    apiKey: e.API_KEY,
    libraryRoots: (e.LIBRARY_ROOTS ?? []).map((r) => resolve(r)),
    imageHosts: (e.IMAGE_HOSTS ?? []).map((h) => h.toLowerCase()),
    pathMappings: (e.PATH_MAPPINGS ?? [])
      .map((m) => {
        const at = m.indexOf(':');
        return { from: resolve(m.slice(0, at)), to: resolve(m.slice(at + 1)) };
      })
      .sort((x, y) => y.from.length - x.from.length),
    webhookLogin:
      e.WEBHOOK_USER !== undefined && e.WEBHOOK_PASSWORD !== undefined
        ? { user: e.WEBHOOK_USER, password: e.WEBHOOK_PASSWORD }
        : undefined,
    limits: {
      providerBodyBytes: e.PROVIDER_MAX_BODY,
      imagePixels: e.MAX_IMAGE_PIXELS,
      decodeConcurrency: e.DECODE_CONCURRENCY,
    },
    dataDir: e.DATA_DIR,
    cacheDir: resolve(e.CACHE_DIR ?? resolve(e.DATA_DIR, 'cache')),
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
    },
    enrichLimits: {
      user: e.ENRICH_LIMIT_USER,
      webhook: e.ENRICH_LIMIT_WEBHOOK,
      schedule: e.ENRICH_LIMIT_SCHEDULE,
      bulk: e.ENRICH_LIMIT_BULK,
      // A scan's enrichments are started by its workflow; a retry of one through the API counts as bulk.
      scan: e.ENRICH_LIMIT_BULK,
    },
    batchWindow: e.BATCH_WINDOW,
    refreshIntervalMs: e.REFRESH_INTERVAL,
    tmdb: { apiUrl: e.TMDB_API_URL, imageUrl: e.TMDB_IMAGE_URL, apiKey: e.TMDB_API_KEY },
    fanart: {
      apiUrl: e.FANART_API_URL,
      imageUrl: e.FANART_IMAGE_URL,
      apiKey: e.FANART_API_KEY,
      clientKey: e.FANART_CLIENT_KEY,
    },
    omdb: { apiUrl: e.OMDB_API_URL, apiKey: e.OMDB_API_KEY },
    rateLimits: {
      tmdb: e.TMDB_RATE_LIMIT,
      'fanart.tv': e.FANART_RATE_LIMIT ?? { limit: 1, windowMs: e.FANART_CLIENT_KEY ? 500 : 1000 },
      omdb: e.OMDB_RATE_LIMIT,
    },
    preferredLanguage: e.PREFERRED_LANGUAGE,
    assetLimits: Object.fromEntries(ASSET_TYPES.map((t) => [t, e[assetLimitVar(t)]])) as Record<AssetType, number>,
    phashThreshold: e.PHASH_THRESHOLD,
    autoPublish: e.AUTO_PUBLISH,
    reviewTimeoutMs: e.REVIEW_TIMEOUT,
    workerShutdownGraceMs: e.WORKER_SHUTDOWN_GRACE,
    workerCachedWorkflows: e.WORKER_CACHED_WORKFLOWS,
    workerActivitySlots: e.WORKER_ACTIVITY_SLOTS,
    trailers: {
      enabled: e.TRAILER_ENABLED,
      maxResolution: e.TRAILER_MAX_RESOLUTION,
      language: e.TRAILER_LANGUAGE ?? e.PREFERRED_LANGUAGE,
      maxBytes: e.TRAILER_MAX_BYTES,
      ytDlpPath: e.YTDLP_PATH ?? 'yt-dlp',
      cookiesFile: e.YTDLP_COOKIES,
      sites: {
        youtube: { watch: e.YOUTUBE_WATCH_URL, oembed: e.YOUTUBE_OEMBED_URL },
        vimeo: { watch: e.VIMEO_WATCH_URL, oembed: e.VIMEO_OEMBED_URL },
      },
    },
    workflowBundle: e.WORKFLOW_BUNDLE,
  };
}

/** A process that needs a value npm start would normally provide fails with this. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ConfigError(`${name} is not set (npm start sets it; see README, Configuration)`);
  return value;
}
