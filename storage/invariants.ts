// One checker of the whole stored state, for tests, benchmarks and `npx enrich check`: the cache's
// files and rows agree and every file holds the bytes its name says, nothing is left behind in temp
// folders, no candidate is both selected and rejected, no type holds more than its limit, every
// file publishing recorded is still there with its bytes, and, given a Temporal client, every
// enrichment run ended by its own outcome and no two runs of a movie overlapped. `repairState`
// fixes what is safe to fix.
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import {
  allLibraryFiles,
  blobSourceUrls,
  blobsWithReferences,
  selectedAndRejected,
  selectionCounts,
} from '../db/invariants.js';
import type { Pool } from '../db/pool.js';
import { readSettings } from '../db/settings.js';
import { FailureType } from '../domain/failures.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { Config } from '../lib/config.js';
import { fileSha256, removeUnrecordedFiles, replaceBlobFile } from './blob-store.js';

export interface Problem {
  /** What kind of inconsistency, e.g. `corrupt-blob`, `orphan-file`, `stale-temp`. */
  kind: string;
  detail: string;
  /** The file or folder concerned, when there is one. */
  path?: string;
  /** The blob concerned, when its file is missing or holds other bytes. */
  sha256?: string;
  /**
   * Whether `repairState` tries to fix it: files nothing refers to are removed, a blob's file is
   * fetched again.
   */
  repairable: boolean;
}

export interface CheckOptions {
  /** A temp file or folder untouched this long is left over (0 when nothing is running). */
  tempGraceMs: number;
  /** A blob without references may stay this long (its release may be in flight). */
  unreferencedGraceMs: number;
  now?: number;
  /** Enrichment runs are checked too, through Temporal's visibility, when given. */
  client?: Client;
  /** Nothing should be running: a run still open is a problem too. */
  idle?: boolean;
}

/**
 * The bytes at a URL recorded for a blob, through the downloads' allow-list and limits (the CLI
 * wires the real fetcher: storage imports no provider code); rejects with the reason it got none.
 */
export type FetchImage = (url: string) => Promise<Buffer>;

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
        sha256: b.sha256,
        repairable: true,
      });
    else if (actual !== b.sha256)
      problems.push({
        kind: 'corrupt-blob',
        detail: `blob ${b.sha256}: the file's bytes hash to ${actual}`,
        path: b.file_path,
        sha256: b.sha256,
        repairable: true,
      });
    if (b.refs === 0 && b.last_accessed_at.getTime() <= now - opts.unreferencedGraceMs)
      problems.push({
        kind: 'unreferenced-blob',
        detail: `blob ${b.sha256} has no reference`,
        path: b.file_path,
        repairable: false,
      });
  }
  // By the hash its name carries, not by the path string: a cache folder written another way (a
  // symlink, another mount point) must not make every file look like an orphan to --repair.
  const hashes = new Set(blobs.map((b) => b.sha256));
  for (const namespace of ['images', 'videos'])
    for await (const path of filesBelow(join(config.cacheDir, namespace)))
      if (!known.has(path) && !hashes.has(/^([0-9a-f]{64})\.[a-z0-9]+$/.exec(basename(path))?.[1] ?? ''))
        problems.push({ kind: 'orphan-file', detail: 'a cache file without a blob row', path, repairable: true });
  // Thumbnails are made from a blob: one whose image is no longer cached is left over.
  for await (const path of filesBelow(join(config.cacheDir, 'thumbnails')))
    if (!hashes.has(/^([0-9a-f]{64})-\d+\./.exec(basename(path))?.[1] ?? ''))
      problems.push({
        kind: 'orphan-thumbnail',
        detail: 'a thumbnail of an image no longer cached',
        path,
        repairable: true,
      });

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
  const { assetLimits } = (await readSettings(pool, config)).settings;
  const limit = (t: AssetType) => assetLimits[t];
  for (const s of await selectionCounts(pool)) {
    const type = s.asset_type as AssetType;
    if ((ASSET_TYPES as readonly string[]).includes(type) && s.selected > limit(type))
      problems.push({
        kind: 'over-limit',
        detail: `movie ${s.movie_id} has ${s.selected} ${type} selections, over the limit of ${limit(type)}`,
        repairable: false,
      });
  }
  if (opts.client) problems.push(...runProblems(await enrichmentRuns(opts.client, config), opts.idle ?? false));
  return problems;
}

/** One enrichment run as Temporal's visibility lists it. */
export interface RunFacts {
  workflowId: string;
  runId: string;
  status: string;
  startTime: Date;
  closeTime?: Date;
  /** A failed run's failure types, outermost first (an activity's failure is the cause of the workflow's). */
  failureTypes?: string[];
}

/**
 * Each enrichment request is one run of `enrich-movie-{id}` (a later request for the same movie is a
 * new run with the same id), so: no run is left open when the system should be idle, none ended by
 * a timeout, a termination or its infrastructure rather than its own outcome, and no movie has two
 * runs that overlap in time.
 */
export function runProblems(runs: readonly RunFacts[], idle: boolean): Problem[] {
  const problems: Problem[] = [];
  const problem = (kind: string, detail: string) => problems.push({ kind, detail, repairable: false });
  const byWorkflow = new Map<string, RunFacts[]>();
  for (const r of runs) {
    byWorkflow.set(r.workflowId, [...(byWorkflow.get(r.workflowId) ?? []), r]);
    const run = `${r.workflowId} run ${r.runId}`;
    if (r.status === 'RUNNING' && idle)
      problem('run-open', `${run} is still running (since ${r.startTime.toISOString()})`);
    else if (r.status === 'TIMED_OUT') problem('run-timed-out', `${run} timed out`);
    else if (r.status === 'TERMINATED') problem('run-terminated', `${run} was terminated`);
    else if (r.status === 'FAILED' && r.failureTypes?.includes(FailureType.InfrastructureUnavailable))
      problem('run-failed-infrastructure', `${run} failed: ${FailureType.InfrastructureUnavailable}`);
  }
  for (const [workflowId, list] of byWorkflow) {
    const byStart = [...list].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    for (const [i, later] of byStart.entries()) {
      const earlier = byStart[i - 1];
      if (earlier && (earlier.closeTime?.getTime() ?? Infinity) > later.startTime.getTime())
        problem('runs-overlap', `${workflowId}: run ${later.runId} started while run ${earlier.runId} was open`);
    }
  }
  return problems;
}

/** This deployment's enrichment runs (its task queue): one listing, plus a failed run's failure. */
async function enrichmentRuns(client: Client, config: Config): Promise<RunFacts[]> {
  const runs: RunFacts[] = [];
  // The workflow's function name, as `client.workflow.start(enrichMovie, …)` registers it.
  const query = `WorkflowType = "enrichMovie" AND TaskQueue = ${JSON.stringify(config.temporal.taskQueue)}`;
  for await (const w of client.workflow.list({ query }))
    runs.push({
      workflowId: w.workflowId,
      runId: w.runId,
      status: w.status.name,
      startTime: w.startTime,
      closeTime: w.closeTime,
      failureTypes: w.status.name === 'FAILED' ? await failureTypes(client, w.workflowId, w.runId) : undefined,
    });
  return runs;
}

async function failureTypes(client: Client, workflowId: string, runId: string): Promise<string[]> {
  const failure: unknown = await client.workflow
    .getHandle(workflowId, runId, { followRuns: false })
    .result()
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  const types: string[] = [];
  for (let e = failure; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
  }
  return types;
}

/**
 * Fixes what `checkState` found repairable: removes stale temps, and orphan files under their
 * blob's lock (a store that recorded one in the meantime keeps it); given `fetchImage`, fetches a
 * blob's missing or wrong file again from a URL recorded for its bytes. Says what it did, a line
 * each.
 */
export async function repairState(
  pool: Pool,
  problems: readonly Problem[],
  fetchImage?: FetchImage,
): Promise<string[]> {
  const done: string[] = [];
  const orphans = problems.flatMap((p) => (p.repairable && p.kind === 'orphan-file' && p.path ? [p.path] : []));
  for (const path of await removeUnrecordedFiles(pool, orphans)) done.push(`removed ${path}`);
  for (const p of problems) {
    if (!p.repairable || !p.path || p.kind === 'orphan-file') continue;
    if (p.sha256 === undefined) {
      await rm(p.path, { recursive: true, force: true });
      done.push(`removed ${p.path}`);
    } else if (fetchImage) done.push(await fetchAgain(pool, p.sha256, p.path, fetchImage));
  }
  return done;
}

/** Only bytes with the blob's hash replace its file; without them the file stays as it is, for a person. */
async function fetchAgain(pool: Pool, sha256: string, path: string, fetchImage: FetchImage): Promise<string> {
  const tried: string[] = [];
  for (const url of await blobSourceUrls(pool, sha256)) {
    const bytes = await fetchImage(url).catch((err: unknown) => {
      tried.push(`${url}: ${(err as Error).message}`);
      return null;
    });
    if (bytes === null) continue;
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== sha256) {
      tried.push(`${url}: other bytes (${got})`);
      continue;
    }
    return (await replaceBlobFile(pool, sha256, bytes))
      ? `re-fetched ${path} from ${url}`
      : `${path} needs no repair any more`;
  }
  return `not re-fetched ${path}: ${tried.length > 0 ? tried.join('; ') : 'no URL is recorded for its bytes'}`;
}
