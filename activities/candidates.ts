import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/activity';
import { openCandidates, saveScores, syncCandidates, type CandidateInput } from '../db/candidates.js';
import { artworkLocks } from '../db/movies.js';
import { inTransaction, type Queryable } from '../db/pool.js';
import { cachedImages } from '../db/provider-cache.js';
import { readSettings } from '../db/settings.js';
import { ASSET_TYPE_TABLE } from '../domain/asset-types.js';
import { FailureType } from '../domain/failures.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import { compareRanked, scoreCandidate } from '../domain/scoring.js';
import { ASSET_TYPES, type AssetPlan, type TypePlan } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';
import { planCandidatesInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

export function createCandidateActivities({ pool, config }: ActivityDeps) {
  /** The provider cache's images of the type's source image types, as candidates. */
  async function offeredCandidates(tx: Queryable, cacheId: number, sources: readonly string[]) {
    return (await cachedImages(tx, cacheId, sources)).map((img): CandidateInput => ({
      providerName: img.provider_name,
      url: img.provider_name === 'tmdb' ? `${config.tmdb.imageUrl}/original${img.file_path}` : img.file_path,
      width: img.width,
      height: img.height,
      metadata: {
        width: img.width,
        height: img.height,
        language: img.iso_639_1,
        iso_639_1: img.iso_639_1,
        vote_average: img.vote_average,
        vote_count: img.vote_count,
        likes: img.likes,
      },
    }));
  }

  /**
   * Turns the provider cache into scored candidate rows for the movie and returns, per asset type,
   * the ranked candidates the workflow will walk. Manual runs refresh existing rows' metadata.
   */
  async function planCandidates(raw: { movieId: number; cacheId: number; manual: boolean }): Promise<AssetPlan> {
    const input = parseInput(planCandidatesInput, raw);
    return inTransaction(pool, async (tx) => {
      const locks = await artworkLocks(tx, input.movieId);
      if (!locks)
        throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, FailureType.MovieNotFound);
      // Read per run: a setting changed through the API applies from the next enrichment on.
      const { settings } = await readSettings(tx, config);
      const plans: TypePlan[] = [];
      for (const assetType of ASSET_TYPES) {
        const limit = settings.assetLimits[assetType];
        const locked = locks[assetType];
        if (limit === 0) {
          // A disabled type is left exactly as it is, candidate flags included.
          plans.push({ assetType, limit, locked, candidates: [] });
          continue;
        }
        // A locked type's rows stay exactly as they are; they are only listed, for the user's picks.
        if (!locked)
          await syncCandidates(
            tx,
            input.movieId,
            assetType,
            await offeredCandidates(tx, input.cacheId, ASSET_TYPE_TABLE[assetType].sources),
            input.manual,
          );
        const rows = await openCandidates(tx, input.movieId, assetType, PHASH_ALGORITHM);
        const scored = rows.map((r) => {
          const m = r.provider_metadata;
          const score = scoreCandidate(
            assetType,
            {
              provider: r.provider_name,
              width: m.width ?? null,
              height: m.height ?? null,
              language: m.language ?? null,
              voteAverage: m.vote_average ?? null,
              voteCount: m.vote_count ?? null,
            },
            settings.preferredLanguage,
          );
          return { row: r, id: r.id, score, voteCount: m.vote_count ?? null };
        });
        // The score is persisted: publishing ranks by it.
        if (!locked) await saveScores(tx, scored);
        scored.sort(compareRanked);
        plans.push({
          assetType,
          limit,
          locked,
          candidates: scored.map(({ row, score }) => ({
            id: row.id,
            url: row.provider_url,
            score,
            knownSha256: row.content_hash,
            knownPhash: row.phash,
            // The cache is the source of truth: a reference whose file is gone means download again.
            cachedForItem: row.has_ref && row.blob_path !== null && existsSync(row.blob_path),
          })),
        });
      }
      return { duplicateThreshold: config.phashThreshold, types: plans, trailers: config.trailers.enabled };
    });
  }

  return { planCandidates };
}
