// One checker of the whole stored state, for tests, benchmarks and `npx enrich check`: the cache's
// files and rows agree and every file holds the bytes its name says, nothing is left behind in temp
// folders, no candidate is both selected and rejected, no type holds more than its limit, and every
// file publishing recorded is still there with its bytes. `repairState` fixes what is safe to fix.
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { allLibraryFiles, blobsWithReferences, selectedAndRejected, selectionCounts } from '../db/invariants.js';
import type { Pool } from '../db/pool.js';
import { settingsWithPrefix } from '../db/settings.js';
import { ASSET_LIMIT_PREFIX, assetLimitKey, effectiveAssetLimit } from '../domain/asset-types.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { Config } from '../lib/config.js';
import { fileSha256 } from './blob-store.js';

export interface Problem {
  /** What kind of inconsistency, e.g. `corrupt-blob`, `orphan-file`, `stale-temp`. */
  kind: string;
  detail: string;
  /** The file or folder concerned, when there is one. */
  path?: string;
  /** Whether `repairState` removes it: only files nothing refers to. */
  repairable: boolean;
}

export interface CheckOptions {
  /** A temp file or folder untouched this long is left over (0 when nothing is running). */
  tempGraceMs: number;
  /** A blob without references may stay this long (its release may be in flight). */
  unreferencedGraceMs: number;
  now?: number;
}

/** The publish temp files `activities/library-fs.ts` creates beside a target: `.{name}.tmp-{12 hex}`. */
const PUBLISH_TEMP = /^\..+\.tmp-[0-9a-f]{12}$/;

async function* filesBelow(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* filesBelow(path);
    else yield path;
  }
}

const olderThan = async (path: string, ms: number, now: number) =>
  ((await stat(path).catch(() => null))?.mtimeMs ?? now) <= now - ms;

export async function checkState(pool: Pool, config: Config, opts: CheckOptions): Promise<Problem[]> {
  const now = opts.now ?? Date.now();
  const problems: Problem[] = [];

  const blobs = await blobsWithReferences(pool);
  const known = new Set(blobs.map((b) => b.file_path));
  for (const b of blobs) {
    const actual = await fileSha256(b.file_path);
    if (actual === null)
      problems.push({
        kind: 'missing-blob-file',
        detail: `blob ${b.sha256} has no file`,
        path: b.file_path,
        repairable: false,
      });
    else if (actual !== b.sha256)
      problems.push({
        kind: 'corrupt-blob',
        detail: `blob ${b.sha256}: the file's bytes hash to ${actual}`,
        path: b.file_path,
        repairable: false,
      });
    if (b.refs === 0 && b.last_accessed_at.getTime() <= now - opts.unreferencedGraceMs)
      problems.push({
        kind: 'unreferenced-blob',
        detail: `blob ${b.sha256} has no reference`,
        path: b.file_path,
        repairable: false,
      });
  }
  for await (const path of filesBelow(join(config.cacheDir, 'images')))
    if (!known.has(path))
      problems.push({ kind: 'orphan-file', detail: 'a cache file without a blob row', path, repairable: true });

  const tempRoot = join(config.cacheDir, '.tmp');
  for (const name of await readdir(tempRoot).catch(() => [] as string[]))
    if (await olderThan(join(tempRoot, name), opts.tempGraceMs, now))
      problems.push({
        kind: 'stale-temp',
        detail: 'a download temp folder left behind',
        path: join(tempRoot, name),
        repairable: true,
      });

  const libraryFiles = await allLibraryFiles(pool);
  for (const folder of new Set(libraryFiles.map((f) => dirname(f.path))))
    for (const name of await readdir(folder).catch(() => [] as string[]))
      if (PUBLISH_TEMP.test(name) && (await olderThan(join(folder, name), opts.tempGraceMs, now)))
        problems.push({
          kind: 'stale-temp',
          detail: 'a publish temp file left behind',
          path: join(folder, name),
          repairable: true,
        });
  for (const f of libraryFiles) {
    const actual = await fileSha256(f.path);
    // A file the user replaced is theirs: only a missing one means a publish was lost.
    if (actual === null)
      problems.push({
        kind: 'missing-library-file',
        detail: `movie ${f.movie_id}'s published ${basename(f.path)} is gone`,
        path: f.path,
        repairable: false,
      });
  }

  for (const c of await selectedAndRejected(pool))
    problems.push({
      kind: 'selected-and-rejected',
      detail: `candidate ${c.id} (movie ${c.entity_id}, ${c.asset_type}) is both selected and rejected`,
      repairable: false,
    });
  const settings = await settingsWithPrefix(pool, ASSET_LIMIT_PREFIX);
  const limit = (t: AssetType) => effectiveAssetLimit(t, settings.get(assetLimitKey(t)), config.assetLimits[t]);
  for (const s of await selectionCounts(pool)) {
    const type = s.asset_type as AssetType;
    if ((ASSET_TYPES as readonly string[]).includes(type) && s.selected > limit(type))
      problems.push({
        kind: 'over-limit',
        detail: `movie ${s.movie_id} has ${s.selected} ${type} selections, over the limit of ${limit(type)}`,
        repairable: false,
      });
  }
  return problems;
}

/** Removes what `checkState` found repairable (files nothing refers to); says what it removed. */
export async function repairState(problems: readonly Problem[]): Promise<string[]> {
  const removed: string[] = [];
  for (const p of problems)
    if (p.repairable && p.path) {
      await rm(p.path, { recursive: true, force: true });
      removed.push(p.path);
    }
  return removed;
}
