// What each activity accepts. Activities run whatever anyone who reaches Temporal schedules, so
// they parse their input like any other edge: ids are positive int4, hashes are hex of the right
// length, a run key names one folder. (Where a temp path may lie is checked by the cache itself.)
import { z } from 'zod';
import { ASSET_TYPES, TRIGGERS } from './types.js';

const id = z.number().int().positive().max(2_147_483_647);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const phash = z.string().regex(/^[0-9a-f]{16}$/, 'a 64-bit pHash in hex');
/** A run's temp folder name: a word character first, so never `.` or `..`. */
export const RUN_KEY_PATTERN = /^\w[\w.-]{0,254}$/;
const runKey = z.string().regex(RUN_KEY_PATTERN, 'a run key (workflow id and run id)');
const assetType = z.enum(ASSET_TYPES);
// Texts we wrote ourselves (a skip or failure reason); only their kind is checked.
const reason = z.string();

export const scrapeInput = z.object({
  movieId: id,
  trigger: z.enum(TRIGGERS),
  force: z.boolean(),
});
export const fanartInput = z.object({ cacheId: id, tmdbId: id, force: z.boolean() });
const imdbId = z
  .string()
  .regex(/^tt\d{6,10}$/)
  .nullable();
export const omdbInput = z.object({ cacheId: id, imdbId, force: z.boolean() });
export const supplementaryInput = z.object({ cacheId: id, tmdbId: id, imdbId, force: z.boolean() });
export const planCandidatesInput = z.object({ movieId: id, cacheId: id, manual: z.boolean() });
export const headshotsInput = z.object({ movieId: id, runKey });
export const downloadInput = z.object({ runKey, candidateId: id, url: z.string().min(1).max(4096) });
export const downloadedImage = z.object({
  ok: z.literal(true),
  candidateId: id,
  sha256,
  tempPath: z.string().min(1).max(4096),
  format: z.enum(['jpeg', 'png', 'webp', 'gif', 'avif']),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  hasAlpha: z.boolean(),
  size: z.number().int().nonnegative(),
  phash,
});
const candidateRef = z.object({
  id,
  url: z.string().min(1).max(4096),
  score: z.number(),
  knownSha256: sha256.nullable(),
  knownPhash: phash.nullable(),
  cachedForItem: z.boolean(),
});
const typePlan = z.object({
  assetType,
  limit: z.number().int().min(0).max(1000),
  locked: z.boolean(),
  candidates: z.array(candidateRef).max(10_000),
});
export const walkArtworkInput = z.object({
  movieId: id,
  runKey,
  duplicateThreshold: z.number().int().min(0).max(64),
  plans: z.array(typePlan).max(ASSET_TYPES.length),
});
export const storeBlobInput = z.object({ image: downloadedImage, movieId: id, assetType });
export const runTempInput = z.object({ runKey });
export const cachedRefInput = z.object({ movieId: id, assetType, sha256 });
const typeSelection = z.object({
  assetType,
  accepted: z.array(z.object({ candidateId: id, sha256, phash: phash.nullable() })),
  rejected: z.array(
    z.object({
      candidateId: id,
      sha256,
      phash: phash.nullable(),
      duplicateOf: sha256,
      distance: z.number().int().min(0).max(64),
      reason,
    }),
  ),
  failed: z.array(z.object({ candidateId: id, reason })),
});
export const recordInput = z.object({
  movieId: id,
  cacheId: id,
  selections: z.array(typeSelection).max(ASSET_TYPES.length),
  // Absent from runs scheduled before recording was keyed by run.
  runKey: runKey.optional(),
});
export const movieInput = z.object({ movieId: id });
export const recordPicksInput = z.object({
  movieId: id,
  picks: z
    .array(z.object({ assetType, chosen: z.array(z.object({ candidateId: id, sha256 })).max(10) }))
    .max(ASSET_TYPES.length),
});
export const planPickInput = z.object({ movieId: id, candidateId: id });

export const scanLibraryInput = z.object({ libraryId: id });
const batchSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('library'), libraryId: id }),
  z.object({ kind: z.literal('movies'), movieIds: z.array(id).max(1_000_000) }),
  z.object({ kind: z.literal('failed') }),
  z.object({ kind: z.literal('stale') }),
]);
export const selectBatchInput = z.object({ selection: batchSelection });
export const finishBulkRunInput = z.object({ bulkRunId: id });
export const analyseTrailersInput = z.object({ movieId: id, cacheId: id });
export const downloadTrailerInput = z.object({ movieId: id, candidateId: id, runKey, by: z.enum(['auto', 'user']) });
