// What a run's recording step produced, by run key: the answer a retry of that step gives.
import type { RecordOutcome } from '../domain/types.js';
import type { Queryable } from './pool.js';

/** The outcome recorded for this run, if its recording already committed. */
export async function recordedOutcome(q: Queryable, runKey: string): Promise<RecordOutcome | null> {
  const { rows } = await q.query<{ outcome: RecordOutcome }>(
    'SELECT outcome FROM enrichment_recordings WHERE run_key = $1',
    [runKey],
  );
  return rows[0]?.outcome ?? null;
}

/** What the movie's latest recording produced (only the latest is kept), if any. */
export async function latestRecordedOutcome(q: Queryable, movieId: number): Promise<RecordOutcome | null> {
  const { rows } = await q.query<{ outcome: RecordOutcome }>(
    'SELECT outcome FROM enrichment_recordings WHERE movie_id = $1 ORDER BY recorded_at DESC LIMIT 1',
    [movieId],
  );
  return rows[0]?.outcome ?? null;
}

/** Keeps this run's outcome; earlier runs' of the movie are no longer asked for (only a retry asks). */
export async function saveRecordedOutcome(
  q: Queryable,
  runKey: string,
  movieId: number,
  outcome: RecordOutcome,
): Promise<void> {
  await q.query('DELETE FROM enrichment_recordings WHERE movie_id = $1 AND run_key <> $2', [movieId, runKey]);
  await q.query(
    `INSERT INTO enrichment_recordings (run_key, movie_id, outcome) VALUES ($1, $2, $3)
     ON CONFLICT (run_key) DO NOTHING`,
    [runKey, movieId, JSON.stringify(outcome)],
  );
}
