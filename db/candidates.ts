// Artwork candidates (`provider_assets`): every image a provider offers for a movie and type, with
// its score, and its state: selected, rejected (with the duplicate it repeats), or the reason its
// last download failed.
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { Queryable } from './pool.js';

export interface CandidateInput {
  providerName: string;
  url: string;
  width: number | null;
  height: number | null;
  metadata: Record<string, unknown>;
}

/**
 * Makes `offered` the type's candidates: new ones are added, existing ones keep their state (a
 * refresh also updates their metadata), and ones no provider offers any more go unless selected
 * or rejected.
 */
export async function syncCandidates(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  offered: readonly CandidateInput[],
  refresh: boolean,
): Promise<void> {
  // One row per URL; with a refresh the last offer's metadata wins, otherwise the first.
  const byUrl = new Map<string, CandidateInput>();
  for (const c of offered) if (refresh || !byUrl.has(c.url)) byUrl.set(c.url, c);
  const rows = [...byUrl.values()];
  await tx.query(
    `INSERT INTO provider_assets (entity_type, entity_id, asset_type, provider_name, provider_url, provider_metadata, width, height)
     SELECT 'movie', $1, $2, p, u, m, w, h FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::int[], $7::int[]) AS x(p, u, m, w, h)
     ON CONFLICT (entity_type, entity_id, asset_type, provider_url) DO ${
       refresh
         ? `UPDATE SET provider_metadata = EXCLUDED.provider_metadata, width = EXCLUDED.width, height = EXCLUDED.height,
              fetched_at = now()`
         : 'NOTHING'
     }`,
    [
      movieId,
      assetType,
      rows.map((c) => c.providerName),
      rows.map((c) => c.url),
      rows.map((c) => JSON.stringify(c.metadata)),
      rows.map((c) => c.width),
      rows.map((c) => c.height),
    ],
  );
  await tx.query(
    `DELETE FROM provider_assets
      WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2
        AND NOT is_selected AND NOT is_rejected AND provider_url <> ALL($3)`,
    [movieId, assetType, rows.map((c) => c.url)],
  );
}

/** Whether the candidate is one of the movie's, of that artwork type. */
export async function isMovieCandidate(
  q: Queryable,
  candidateId: number,
  movieId: number,
  assetType: AssetType,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `SELECT 1 FROM provider_assets WHERE id = $1 AND entity_type = 'movie' AND entity_id = $2 AND asset_type = $3`,
    [candidateId, movieId, assetType],
  );
  return (rowCount ?? 0) > 0;
}

export interface CandidateRow {
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
  /** The pHash of the bytes last seen for it, when computed by `hashAlgorithm`. */
  phash: string | null;
  blob_path: string | null;
  /** Whether this movie holds a cache reference to those bytes under this type. */
  has_ref: boolean;
}

/** The type's candidates still in the running: neither rejected nor blocked. */
export async function openCandidates(
  q: Queryable,
  movieId: number,
  assetType: AssetType,
  hashAlgorithm: string,
): Promise<CandidateRow[]> {
  const { rows } = await q.query<CandidateRow>(
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
    [movieId, assetType, hashAlgorithm],
  );
  return rows;
}

/** Persists scores (publishing ranks by them); unchanged ones are not rewritten. */
export async function saveScores(tx: Queryable, scores: readonly { id: number; score: number }[]): Promise<void> {
  if (scores.length === 0) return;
  await tx.query(
    `UPDATE provider_assets p SET score = u.score
       FROM unnest($1::int[], $2::int[]) AS u(id, score)
      WHERE p.id = u.id AND p.score IS DISTINCT FROM u.score`,
    [scores.map((s) => s.id), scores.map((s) => s.score)],
  );
}

/**
 * Makes `chosen` the type's whole selection (who chose: enrichment or the user): flags set and
 * cleared, and each chosen candidate takes its cached blob's facts. Returns whether the selection
 * changed.
 */
export async function replaceSelectionFlags(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  chosen: readonly { candidateId: number; sha256: string }[],
  by: 'auto' | 'user',
): Promise<boolean> {
  const ids = chosen.map((a) => a.candidateId);
  const before = (
    await tx.query<{ id: number }>(
      `SELECT id FROM provider_assets
        WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2 AND is_selected ORDER BY id`,
      [movieId, assetType],
    )
  ).rows.map((r) => r.id);
  await tx.query(
    `UPDATE provider_assets SET is_selected = false, selected_at = NULL, selected_by = NULL, pick_order = NULL
      WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2 AND is_selected AND id <> ALL($3)`,
    [movieId, assetType, ids],
  );
  // The user's order is kept (publishing follows it); the enrichment's picks rank by score. A
  // picked duplicate is the user's choice and stops being rejected.
  await tx.query(
    `UPDATE provider_assets p SET is_selected = true, selected_by = $3,
            selected_at = CASE WHEN p.is_selected AND p.selected_by = $3 THEN p.selected_at ELSE now() END,
            pick_order = CASE WHEN $3 = 'user' THEN u.ord END, is_rejected = false,
            content_hash = b.sha256, perceptual_hash = b.perceptual_hash, hash_algorithm = b.hash_algorithm,
            is_downloaded = true, width = b.width, height = b.height, file_size = b.file_size,
            mime_type = 'image/' || b.format, rejection_reason = NULL, duplicate_of = NULL, duplicate_distance = NULL
       FROM unnest($1::int[], $2::text[]) WITH ORDINALITY AS u(id, sha256, ord) JOIN cache_blobs b ON b.sha256 = u.sha256
      WHERE p.id = u.id AND p.entity_type = 'movie' AND p.entity_id = $4 AND p.asset_type = $5`,
    [ids, chosen.map((a) => a.sha256), by, movieId, assetType],
  );
  return before.join() !== [...ids].sort((a, b) => a - b).join();
}

export interface Rejection {
  candidateId: number;
  sha256: string | null;
  phash: string | null;
  reason: string;
  duplicateOf: string | null;
  distance: number | null;
}

/** The movie's rejected candidates of a type (duplicates) are never considered again. */
export async function markRejected(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  rejected: readonly Rejection[],
  hashAlgorithm: string,
): Promise<void> {
  if (rejected.length === 0) return;
  await tx.query(
    `UPDATE provider_assets p SET is_rejected = true, is_selected = false, content_hash = u.sha256,
            perceptual_hash = u.phash, hash_algorithm = CASE WHEN u.phash IS NULL THEN NULL ELSE $7 END,
            rejection_reason = u.reason, duplicate_of = u.dup, duplicate_distance = u.dist
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS u(id, sha256, phash, reason, dup, dist)
      WHERE p.id = u.id AND p.entity_type = 'movie' AND p.entity_id = $8 AND p.asset_type = $9`,
    [
      rejected.map((r) => r.candidateId),
      rejected.map((r) => r.sha256),
      rejected.map((r) => r.phash),
      rejected.map((r) => r.reason),
      rejected.map((r) => r.duplicateOf),
      rejected.map((r) => r.distance),
      hashAlgorithm,
      movieId,
      assetType,
    ],
  );
}

/** The movie's failed downloads of a type are noted with their reason, not rejected: the next run tries them again. */
export async function noteFailures(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  failed: readonly { candidateId: number; reason: string }[],
): Promise<void> {
  if (failed.length === 0) return;
  await tx.query(
    `UPDATE provider_assets p SET rejection_reason = u.reason
       FROM unnest($1::int[], $2::text[]) AS u(id, reason)
      WHERE p.id = u.id AND p.entity_type = 'movie' AND p.entity_id = $3 AND p.asset_type = $4`,
    [failed.map((f) => f.candidateId), failed.map((f) => f.reason), movieId, assetType],
  );
}

/**
 * The selected artwork of the given types in rank order per type (the user's picks in their order,
 * then score, then id), with its blob if cached.
 */
export async function selectedArtwork(q: Queryable, movieId: number, types: readonly AssetType[]) {
  const { rows } = await q.query(
    `SELECT a.id, a.asset_type, b.sha256, b.file_path, b.format
       FROM provider_assets a LEFT JOIN cache_blobs b ON b.sha256 = a.content_hash
      WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.is_selected AND a.asset_type = ANY($2)
      ORDER BY a.asset_type, a.pick_order NULLS LAST, a.score DESC NULLS LAST, a.id`,
    [movieId, [...types]],
  );
  return rows as Record<string, unknown>[];
}

/** What the API's candidate list shows of one candidate; `state` is the first of these that holds. */
export interface CandidateListRow {
  id: number;
  movieId: number;
  assetType: AssetType;
  provider: string;
  providerUrl: string;
  width: number | null;
  height: number | null;
  fileSize: number | null;
  language: string | null;
  score: number | null;
  /** 1-based, within its type: score, then id. */
  rank: number;
  state: 'blocked' | 'selected' | 'duplicate' | 'failed' | 'downloaded' | 'unselected' | 'not_fetched';
  selectedBy: 'auto' | 'user' | null;
  /** The SHA-256 of its bytes, when they were ever downloaded. */
  sha256: string | null;
  /** Whether those bytes are in the cache now. */
  cached: boolean;
  /** Why it was rejected, or why its last download failed. */
  reason: string | null;
  duplicateOf: string | null;
  duplicateDistance: number | null;
  /** The movie's candidate of the same type that holds the image this one duplicates. */
  duplicateOfCandidate: number | null;
}

/**
 * The movie's candidates (of one type, or one candidate) with their rank and state, in the order
 * types are processed, then by rank. A candidate's size is its cached blob's when it has one.
 */
export async function candidateList(
  q: Queryable,
  movieId: number,
  only: { assetType?: AssetType; candidateId?: number } = {},
): Promise<CandidateListRow[]> {
  const { rows } = await q.query<CandidateListRow>(
    `SELECT * FROM (
       SELECT a.id, a.entity_id AS "movieId", a.asset_type AS "assetType", a.provider_name AS provider,
              a.provider_url AS "providerUrl", COALESCE(b.width, a.width) AS width, COALESCE(b.height, a.height) AS height,
              COALESCE(b.file_size, a.file_size)::int AS "fileSize",
              NULLIF(a.provider_metadata->>'language', '') AS language, a.score,
              row_number() OVER (PARTITION BY a.asset_type ORDER BY a.score DESC NULLS LAST, a.id)::int AS rank,
              CASE WHEN a.is_blocked THEN 'blocked' WHEN a.is_selected THEN 'selected' WHEN a.is_rejected THEN 'duplicate'
                   WHEN a.rejection_reason IS NOT NULL THEN 'failed' WHEN b.sha256 IS NOT NULL THEN 'downloaded'
                   WHEN a.content_hash IS NOT NULL THEN 'unselected' ELSE 'not_fetched' END AS state,
              a.selected_by AS "selectedBy", a.content_hash AS sha256, b.sha256 IS NOT NULL AS cached,
              a.rejection_reason AS reason, a.duplicate_of AS "duplicateOf", a.duplicate_distance AS "duplicateDistance",
              (SELECT d.id FROM provider_assets d
                WHERE d.entity_type = 'movie' AND d.entity_id = a.entity_id AND d.asset_type = a.asset_type
                  AND d.content_hash = a.duplicate_of AND d.id <> a.id AND NOT d.is_rejected
                ORDER BY d.is_selected DESC, d.id LIMIT 1) AS "duplicateOfCandidate"
         FROM provider_assets a LEFT JOIN cache_blobs b ON b.sha256 = a.content_hash
        WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND ($2::text IS NULL OR a.asset_type = $2)
     ) c
     WHERE $3::int IS NULL OR c.id = $3
     ORDER BY array_position($4::text[], c."assetType"), c.rank`,
    [movieId, only.assetType ?? null, only.candidateId ?? null, [...ASSET_TYPES]],
  );
  return rows;
}

export interface FoundCandidate {
  id: number;
  movieId: number;
  assetType: AssetType;
  url: string;
  blocked: boolean;
  selected: boolean;
  sha256: string | null;
  /** Its blob's file, when this movie holds a reference to those bytes under this type. */
  heldPath: string | null;
}

/** A live movie's candidate as picking and blocking need it; undefined when there is none. */
export async function findCandidate(q: Queryable, candidateId: number): Promise<FoundCandidate | undefined> {
  const { rows } = await q.query<FoundCandidate>(
    `SELECT a.id, a.entity_id AS "movieId", a.asset_type AS "assetType", a.provider_url AS url,
            a.is_blocked AS blocked, a.is_selected AS selected, a.content_hash AS sha256,
            (SELECT b.file_path FROM cache_blobs b JOIN cache_image_refs r ON r.blob_sha256 = b.sha256
              WHERE b.sha256 = a.content_hash AND r.entity_type = 'movie' AND r.entity_id = a.entity_id
                AND r.image_type = a.asset_type) AS "heldPath"
       FROM provider_assets a JOIN movies m ON m.id = a.entity_id AND m.deleted_at IS NULL
      WHERE a.id = $1 AND a.entity_type = 'movie'`,
    [candidateId],
  );
  return rows[0];
}

export interface SelectedCandidate {
  candidateId: number;
  sha256: string;
  selectedBy: 'auto' | 'user';
}

/** The type's selection in publishing order, with who chose each. */
export async function typeSelection(q: Queryable, movieId: number, assetType: AssetType): Promise<SelectedCandidate[]> {
  const { rows } = await q.query<SelectedCandidate>(
    `SELECT id AS "candidateId", content_hash AS sha256, selected_by AS "selectedBy" FROM provider_assets
      WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type = $2 AND is_selected AND content_hash IS NOT NULL
      ORDER BY pick_order NULLS LAST, score DESC NULLS LAST, id`,
    [movieId, assetType],
  );
  return rows;
}

/** Blocks or unblocks a candidate: a blocked one is never chosen again, by enrichment or by a pick. */
export async function setBlocked(q: Queryable, candidateId: number, blocked: boolean): Promise<void> {
  await q.query(`UPDATE provider_assets SET is_blocked = $2 WHERE id = $1 AND entity_type = 'movie'`, [
    candidateId,
    blocked,
  ]);
}

/**
 * Takes one candidate out of its type's selection; the rest keep their order and who chose them.
 * Returns its bytes' hash when it was selected, else null.
 */
export async function unselectCandidate(tx: Queryable, candidateId: number): Promise<string | null> {
  const { rows } = await tx.query<{ content_hash: string | null }>(
    `UPDATE provider_assets SET is_selected = false, selected_at = NULL, selected_by = NULL, pick_order = NULL
      WHERE id = $1 AND entity_type = 'movie' AND is_selected
     RETURNING content_hash`,
    [candidateId],
  );
  return rows[0]?.content_hash ?? null;
}

/** Which of these candidates are blocked. */
export async function blockedAmong(q: Queryable, candidateIds: readonly number[]): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM provider_assets WHERE id = ANY($1::int[]) AND is_blocked ORDER BY id`,
    [[...candidateIds]],
  );
  return rows.map((r) => r.id);
}
