import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { recordWalkOutcome, walkOutcomes, type WalkOutcome } from '../db/walk-outcomes.js';
import { walkArtworkInput } from '../domain/activity-inputs.js';
import { FailureType } from '../domain/failures.js';
import { initialCounters, walkType, type SettledDownload } from '../domain/type-walk.js';
import type {
  AssetType,
  CandidateRef,
  DownloadedImage,
  DownloadOutcome,
  TypeCounters,
  TypePlan,
  TypeSelection,
} from '../domain/types.js';
import { MissingTempFile, storeBlob, UntrustedTempFile } from '../storage/blob-store.js';
import type { ActivityDeps } from './deps.js';
import { createImageFetch } from './download.js';
import { parseInput } from './input.js';
import { runTempDir } from './temp-files.js';

/** Tries of one image whose server or network failed (429, 5xx, a reset), a second apart and then two. */
const IMAGE_ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_000;

/** What the walk's heartbeat carries: each type's counters so far, for the run's progress. */
export interface ArtworkWalkHeartbeat {
  types: Partial<Record<AssetType, TypeCounters>>;
}

export interface TypeWalkResult {
  selection: TypeSelection;
  counters: TypeCounters;
}

const hashes = (image: DownloadedImage) => ({
  candidateId: image.candidateId,
  sha256: image.sha256,
  phash: image.phash,
});

const unusable = (candidateId: number, failure: string): WalkOutcome => ({
  candidateId,
  sha256: null,
  phash: null,
  kept: false,
  failure,
});

export function createArtworkWalkActivities({ pool, config }: ActivityDeps) {
  const fetchImage = createImageFetch(config);

  /**
   * A run's artwork: every type walked at once, each in rank order (download, hash, compare with
   * the images kept so far, keep or let go) until its limit of distinct images. Each candidate's
   * outcome is written as it finishes, so a retry (a worker that died mid-walk) replays those and
   * downloads only what had not finished; accepted images go into the cache as they are accepted.
   */
  async function walkArtwork(raw: {
    movieId: number;
    runKey: string;
    duplicateThreshold: number;
    plans: TypePlan[];
  }): Promise<TypeWalkResult[]> {
    const input = parseInput(walkArtworkInput, raw);
    const activity = Context.current();
    const dir = runTempDir(config.cacheDir, input.runKey);
    const done = new Map((await walkOutcomes(pool, input.runKey)).map((o) => [o.candidateId, o]));
    const types: ArtworkWalkHeartbeat['types'] = {};
    const beat = () => activity.heartbeat({ types } satisfies ArtworkWalkHeartbeat);
    const record = async (outcome: WalkOutcome) => {
      await recordWalkOutcome(pool, input.runKey, outcome);
      beat();
    };

    /** One candidate to a temp file of this run, its server's failures tried again a few times. */
    async function download(candidate: CandidateRef): Promise<DownloadOutcome | SettledDownload> {
      const earlier = done.get(candidate.id);
      if (earlier?.failure === null)
        return { ok: true, settled: true, candidateId: candidate.id, sha256: earlier.sha256, phash: earlier.phash };
      if (earlier) return { ok: false, candidateId: candidate.id, reason: earlier.failure };
      for (let attempt = 1; ; attempt++) {
        const tempPath = join(dir, `${candidate.id}-${randomBytes(4).toString('hex')}.part`);
        try {
          const fetched = await fetchImage(candidate.url, tempPath, beat);
          if (fetched.ok) return { ...fetched, candidateId: candidate.id };
          await record(unusable(candidate.id, fetched.reason));
          return { ...fetched, candidateId: candidate.id };
        } catch (err) {
          const retryable = err instanceof ApplicationFailure && err.type === FailureType.DownloadFailed;
          if (!retryable) throw err;
          if (attempt >= IMAGE_ATTEMPTS) {
            // One image failing never fails the item: the next candidate is tried.
            await record(unusable(candidate.id, err.message));
            return { ok: false, candidateId: candidate.id, reason: err.message };
          }
          await activity.sleep(RETRY_DELAY_MS * 2 ** (attempt - 1));
        }
      }
    }

    /** What becomes of a type's downloads: its kept ones are referenced as that type. */
    const settleAs = (assetType: AssetType) => ({
      async keep(image: DownloadedImage): Promise<string | null> {
        const ref = { movieId: input.movieId, assetType, candidateId: image.candidateId };
        const kept: WalkOutcome = { ...hashes(image), kept: true, failure: null };
        try {
          // The outcome in the store's own transaction: kept and recorded as kept, or neither.
          await storeBlob(pool, config.cacheDir, image, ref, (tx) => recordWalkOutcome(tx, input.runKey, kept));
        } catch (err) {
          // Its temp file vanished or is not what it claims: that candidate's failure, not the run's.
          if (!(err instanceof MissingTempFile || err instanceof UntrustedTempFile)) throw err;
          const failure = `not cached: ${err.message}`;
          await record(unusable(image.candidateId, failure));
          return failure;
        }
        beat();
        return null;
      },
      async duplicate(image: DownloadedImage): Promise<void> {
        await rm(image.tempPath, { force: true });
        await record({ ...hashes(image), kept: false, failure: null });
      },
    });

    return Promise.all(
      input.plans.map(async (plan) => {
        const counters = initialCounters(plan);
        types[plan.assetType] = counters;
        const walk = await walkType(plan, input.duplicateThreshold, counters, download, settleAs(plan.assetType));
        return { selection: walk.selection, counters };
      }),
    );
  }

  return { walkArtwork };
}
