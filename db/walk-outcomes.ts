// Per-candidate outcomes of a run's artwork walk, so a walk resumed after a crash knows what it
// already downloaded without downloading it again.
import type { Queryable } from './pool.js';

/** A finished candidate: its hashes (and whether it was kept), or why it could not be used. */
export type WalkOutcome =
  | { candidateId: number; sha256: string; phash: string; kept: boolean; failure: null }
  | { candidateId: number; sha256: null; phash: null; kept: false; failure: string };

/** Outcomes older than this belong to runs that ended without cleaning up (a walk lasts minutes). */
const STALE_AFTER = '1 day';

export async function walkOutcomes(q: Queryable, runKey: string): Promise<WalkOutcome[]> {
  const { rows } = await q.query<WalkOutcome>(
    `SELECT candidate_id AS "candidateId", sha256, phash, kept, failure
       FROM artwork_walk_outcomes WHERE run_key = $1`,
    [runKey],
  );
  return rows;
}

/** Idempotent: a candidate's outcome is written once per run; a replayed write keeps the first. */
export async function recordWalkOutcome(q: Queryable, runKey: string, outcome: WalkOutcome): Promise<void> {
  await q.query(
    `INSERT INTO artwork_walk_outcomes (run_key, candidate_id, sha256, phash, kept, failure)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (run_key, candidate_id) DO NOTHING`,
    [runKey, outcome.candidateId, outcome.sha256, outcome.phash, outcome.kept, outcome.failure],
  );
}

/** The run's outcomes, and any left by runs that ended without removing theirs. */
export async function dropWalkOutcomes(q: Queryable, runKey: string): Promise<void> {
  await q.query(`DELETE FROM artwork_walk_outcomes WHERE run_key = $1 OR recorded_at < now() - $2::interval`, [
    runKey,
    STALE_AFTER,
  ]);
}
