// Contract between the workflow, its activities and the API. Pure types: the workflow bundle imports them.
import type { HeadshotReport } from './headshots.js';
import type { TrailerReport } from './trailers.js';
import type { InfrastructureWaitState } from './infrastructure.js';

/** Image asset types enrichment selects for movies, in processing order (banner included). */
export const ASSET_TYPES = [
  'poster',
  'fanart',
  'banner',
  'clearlogo',
  'clearart',
  'landscape',
  'keyart',
  'discart',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Who asked: sets the Temporal priority and how patient provider retries are. */
export type Trigger = 'user' | 'webhook' | 'schedule' | 'bulk' | 'scan';
export const TRIGGERS: readonly Trigger[] = ['user', 'webhook', 'schedule', 'bulk', 'scan'];

/**
 * Where an enrichment stands, as Temporal's visibility lists it (the `EnrichmentStatus` search
 * attribute): `failed` is set by a run that fails; one terminated or timed out keeps what it had.
 */
export const ENRICHMENT_STATUSES = [
  'running',
  'awaiting_review',
  'published',
  'enriched',
  'needs_identification',
  'skipped',
  'superseded',
  'failed',
] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

export interface EnrichMovieInput {
  movieId: number;
  trigger: Trigger;
  /** Bypass provider-cache TTLs. */
  force?: boolean;
}

export type Phase = 'scrape' | 'download' | 'cache' | 'record' | 'awaiting_review' | 'publish' | 'complete';

export interface TypeCounters {
  candidates: number;
  limit: number;
  downloaded: number;
  reused: number;
  accepted: number;
  duplicates: number;
  failed: number;
}

export const PROVIDERS = ['tmdb', 'fanart.tv', 'omdb'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** How each provider fared in one run. */
export interface ProviderReport {
  status: 'pending' | 'ok' | 'skipped' | 'failed' | 'rate_limited';
  reason?: string;
}

export interface EnrichmentProgress {
  movieId: number;
  phase: Phase;
  providers: Partial<Record<ProviderName, ProviderReport>>;
  types: Partial<Record<AssetType, TypeCounters>>;
  /** While awaiting review: when the wait ends unpublished (ISO time). */
  reviewDeadline?: string;
  /** While the database or the cache volume is unavailable: what the run is waiting for. */
  waiting?: InfrastructureWaitState;
  /** Once the cast's headshots were fetched. */
  headshots?: HeadshotReport;
  /** While and once the trailer step runs (when trailers are on). */
  trailer?: TrailerReport;
}

/** Outcome of scraping: the ids we settled on and where the provider data now is. */
export type ScrapeOutcome =
  | { status: 'ok'; tmdbId: number; imdbId: string | null; cacheId: number; fetched: boolean }
  | { status: 'needs_identification'; reason: string }
  | { status: 'unmonitored' };

export interface CandidateRef {
  id: number;
  url: string;
  score: number;
  /** Hash of the bytes seen for this URL in an earlier run, if any. */
  knownSha256: string | null;
  /** pHash of those bytes, for near-duplicate checks without a download. */
  knownPhash: string | null;
  /** The blob for knownSha256 is in the cache and referenced by this item: no download needed. */
  cachedForItem: boolean;
}

export interface TypePlan {
  assetType: AssetType;
  limit: number;
  locked: boolean;
  candidates: CandidateRef[];
}

export interface AssetPlan {
  /** Near-duplicate iff the pHash distance is at most this. */
  duplicateThreshold: number;
  types: TypePlan[];
  /** Trailers are downloaded (absent from runs planned before trailers were). */
  trailers?: boolean;
}

/** An image downloaded to a temp file, hashed and checked. */
export interface FetchedImage {
  sha256: string;
  /** Temp file on the cache volume (shared by all workers), so any worker can move it into the cache. */
  tempPath: string;
  format: ImageFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
  size: number;
  /** DCT pHash (algorithm `PHASH_ALGORITHM`). */
  phash: string;
}

/** A candidate's download, accepted as an image. */
export interface DownloadedImage extends FetchedImage {
  ok: true;
  candidateId: number;
}

export interface DownloadSkipped {
  ok: false;
  candidateId: number;
  reason: string;
}

export type DownloadOutcome = DownloadedImage | DownloadSkipped;

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

export interface TypeSelection {
  assetType: AssetType;
  /** Accepted candidates in rank order, with the blob each one resolved to. */
  accepted: { candidateId: number; sha256: string; phash: string | null }[];
  /** Duplicates of an accepted image: `duplicateOf` is its SHA-256, `distance` the pHash distance (0 = same bytes). */
  rejected: {
    candidateId: number;
    sha256: string;
    phash: string | null;
    duplicateOf: string;
    distance: number;
    reason: string;
  }[];
  failed: { candidateId: number; reason: string }[];
}

/** A field as a recording changed it: scalars as they were and are, lists as their names. */
export interface FieldChange {
  field: string;
  before: string | number | string[] | null;
  after: string | number | string[] | null;
}

export interface RecordOutcome {
  completenessPct: number;
  missing: string[];
  /** Scalars and lists this recording changed (`genres`, `cast`, …). */
  changedFields: string[];
  /** The same fields with their values before and after (absent from outcomes recorded before it existed). */
  fieldChanges?: FieldChange[];
  /** Whether any type's selection differs from before (a change that allows auto-publish). */
  assetsChanged: boolean;
}

export interface EnrichmentResult {
  movieId: number;
  status: 'enriched' | 'needs_identification' | 'skipped_unmonitored';
  tmdbId: number | null;
  providerDataFetched: boolean;
  providers: Partial<Record<ProviderName, ProviderReport>>;
  types: Partial<Record<AssetType, TypeCounters>>;
  selections: TypeSelection[];
  completenessPct: number | null;
  changedFields: string[];
  /** What was done for the cast's headshots; absent when nothing was recorded. */
  headshots?: HeadshotReport;
  /** What the trailer step did; absent when trailers are off or nothing was recorded. */
  trailer?: TrailerReport;
  /** null when nothing was recorded (unmonitored, needs identification). */
  publish: PublishReport | null;
  review?: ReviewOutcome;
  /** The run waited for a review until automation asked for a fresh run of the movie. */
  supersededBy?: Trigger;
  message?: string;
}

/** Auto-publish and the review wait, from the settings in force (domain/settings.ts). */
export interface CompletionPolicy {
  autoPublish: boolean;
  /** 0: do not wait for a review. */
  reviewTimeoutMs: number;
}

/** The user's artwork choice per type: candidate ids, best first. */
export type AssetPicks = Partial<Record<AssetType, number[]>>;

/** The `review` update's argument. */
export interface ReviewInput {
  decision: 'approve' | 'reject';
  picks?: AssetPicks;
}

/** The user picks one candidate as its type's first: workflow `select-artwork-{movieId}`. */
export interface SelectArtworkInput {
  movieId: number;
  candidateId: number;
}

/** What picking a candidate needs to know, read when the pick starts. */
export interface PickPlan {
  assetType: AssetType;
  url: string;
  /** The SHA-256 of its bytes when this movie already holds them in the cache under this type: no download. */
  heldSha256: string | null;
  /** The type's current selection in publishing order. */
  selection: { candidateId: number; sha256: string }[];
  limit: number;
}

export interface SelectArtworkResult {
  movieId: number;
  candidateId: number;
  assetType: AssetType;
  /** Whether its bytes had to be downloaded first. */
  downloaded: boolean;
  /** The type's selection now, in publishing order: the pick first. */
  selection: number[];
}

export type PublishReport =
  | { status: 'published'; result: PublishResult }
  | { status: 'failed'; reason: string }
  | { status: 'not_published'; reason: string };

export interface ReviewOutcome {
  decision: ReviewInput['decision'];
  picks: AssetPicks;
  publish: PublishReport;
}

/** Publishing one movie into its library folder: workflow `publish-movie-{id}`. */
export interface PublishMovieInput {
  movieId: number;
}

export interface PublishResult {
  movieId: number;
  /** The video file's folder. */
  folder: string;
  /** Files written by this publish (new or changed), relative to the folder. */
  written: string[];
  /** Files already up to date, left untouched. */
  unchanged: string[];
  /** Files an earlier publish wrote that the current selection no longer has, removed. */
  removed: string[];
  /** The user's files that stood at names this publish wrote: `from` relative to the folder, `to` the backup's absolute path. */
  backedUp: { from: string; to: string }[];
}
