import { existsSync } from 'node:fs';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { ASSET_TYPE_TABLE, assetLimitKey, effectiveAssetLimit } from '../domain/asset-types.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import { compareRanked, scoreCandidate } from '../domain/scoring.js';
import { ASSET_TYPES, type AssetPlan, type AssetType, type TypePlan } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';

interface CandidateRow {
  id: number;
  provider_url: string;
  provider_name: string;
  provider_metadata: {
    width?: number | null;
    height?: number | null;
    language?: string | null;
    vote_average?: number | null;
    vote_count?: number | null;
  };
  content_hash: string | null;
  phash: string | null;
  blob_path: string | null;
  has_ref: boolean;
}

export function createCandidateActivities({ pool, config }: ActivityDeps) {
  /**
   * Turns the provider cache into scored candidate rows for the movie and returns, per asset type,
   * the ranked candidates the workflow will walk. Manual runs refresh existing rows' metadata.
   */
  async function planCandidates(input: { movieId: number; cacheId: number; manual: boolean }): Promise<AssetPlan> {
    return inTransaction(pool, async (c) => {
      const movie = (
        await c.query<Record<string, boolean>>(
          `SELECT ${ASSET_TYPES.map((t) => `${t}_locked`).join(', ')} FROM movies WHERE id = $1`,
          [input.movieId],
        )
      ).rows[0];
      if (!movie) throw new Error(`movie ${input.movieId} vanished`);
      const settings = new Map(
        (await c.query<{ key: string; value: string }>(`SELECT key, value FROM app_settings WHERE key LIKE 'asset\\_limit\\_%'`)).rows.map(
          (r) => [r.key, r.value],
        ),
      );
      const plans: TypePlan[] = [];
      for (const assetType of ASSET_TYPES) {
        const limit = effectiveAssetLimit(assetType, settings.get(assetLimitKey(assetType)), config.assetLimits[assetType]);
        const locked = movie[`${assetType}_locked`] === true;
        if (limit === 0) {
          // A disabled type is left exactly as it is, candidate flags included.
          plans.push({ assetType, limit, locked, candidates: [] });
          continue;
        }
        // §14.2: a locked type's rows stay exactly as they are; they are only listed, for the user's picks.
        if (!locked) await refreshCandidates(c, input, assetType, config.tmdb.imageUrl);
        const rows = (
          await c.query<CandidateRow>(
            `SELECT a.id, a.provider_url, a.provider_name, a.provider_metadata, a.content_hash,
                    COALESCE(CASE WHEN a.hash_algorithm = $3 THEN a.perceptual_hash END,
                             CASE WHEN b.hash_algorithm = $3 THEN b.perceptual_hash END) AS phash, b.file_path AS blob_path,
                    EXISTS (SELECT 1 FROM cache_image_refs r
                             WHERE r.entity_type = 'movie' AND r.entity_id = a.entity_id
                               AND r.image_type = a.asset_type AND r.blob_sha256 = a.content_hash) AS has_ref
               FROM provider_assets a
               LEFT JOIN cache_blobs b ON b.sha256 = a.content_hash
              WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.asset_type = $2
                AND NOT a.is_rejected AND NOT a.is_blocked`,
            [input.movieId, assetType, PHASH_ALGORITHM],
          )
        ).rows;
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
            config.preferredLanguage,
          );
          return { row: r, id: r.id, score, voteCount: m.vote_count ?? null };
        });
        // D16: the score is persisted; publishing ranks by it.
        if (!locked) for (const s of scored) await c.query('UPDATE provider_assets SET score = $2 WHERE id = $1 AND score IS DISTINCT FROM $2', [s.id, s.score]);
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
      return { duplicateThreshold: config.phashThreshold, types: plans };
    });
  }

  return { planCandidates };
}

/** §8.3: the provider cache's images of one type as candidate rows (manual runs refresh existing rows), D18 pruning. */
async function refreshCandidates(
  c: PoolClient,
  input: { movieId: number; cacheId: number; manual: boolean },
  assetType: AssetType,
  tmdbImageUrl: string,
): Promise<void> {
  const images = await c.query<{
    provider_name: string;
    file_path: string;
    width: number | null;
    height: number | null;
    iso_639_1: string | null;
    vote_average: number | null;
    vote_count: number | null;
    likes: number | null;
  }>(
    `SELECT provider_name, file_path, width, height, iso_639_1, vote_average, vote_count, likes
       FROM provider_cache_images
      WHERE entity_type = 'movie' AND entity_cache_id = $1 AND image_type = ANY($2)`,
    [input.cacheId, ASSET_TYPE_TABLE[assetType].sources],
  );
  const urls: string[] = [];
  for (const img of images.rows) {
    const url = img.provider_name === 'tmdb' ? `${tmdbImageUrl}/original${img.file_path}` : img.file_path;
    urls.push(url);
    const metadata = {
      width: img.width,
      height: img.height,
      language: img.iso_639_1,
      iso_639_1: img.iso_639_1,
      vote_average: img.vote_average,
      vote_count: img.vote_count,
      likes: img.likes,
    };
    await c.query(
      `INSERT INTO provider_assets (entity_type, entity_id, asset_type, provider_name, provider_url, provider_metadata, width, height)
       VALUES ('movie', $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (entity_type, entity_id, asset_type, provider_url) DO ${
         input.manual
           ? 'UPDATE SET provider_metadata = EXCLUDED.provider_metadata, width = EXCLUDED.width, height = EXCLUDED.height, fetched_at = now()'
           : 'NOTHING'
       }`,
      [input.movieId, assetType, img.provider_name, url, JSON.stringify(metadata), img.width, img.height],
    );
  }
  // D18: candidates the providers no longer return go, unless selected or rejected.
  await c.query(
    `DELETE FROM provider_assets
      WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2
        AND NOT is_selected AND NOT is_rejected AND provider_url <> ALL($3)`,
    [input.movieId, assetType, urls],
  );
}
