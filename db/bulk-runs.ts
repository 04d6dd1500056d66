// The `bulk_runs` aggregate: each bulk enrichment asked for through the API, at most one unfinished.
import type { BatchSelection } from '../domain/batch.js';
import { isUniqueViolation, type Queryable } from './pool.js';

export interface BulkRun {
  id: number;
  workflowId: string | null;
  selection: BatchSelection;
  startedAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, workflow_id AS "workflowId", selection, started_at AS "startedAt", finished_at AS "finishedAt"`;

/** A new unfinished bulk run; undefined when another is unfinished (the partial unique index says so). */
export async function claimBulkRun(q: Queryable, selection: BatchSelection): Promise<BulkRun | undefined> {
  try {
    const { rows } = await q.query<BulkRun>(`INSERT INTO bulk_runs (selection) VALUES ($1) RETURNING ${COLUMNS}`, [
      JSON.stringify(selection),
    ]);
    return rows[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

export async function setBulkWorkflow(q: Queryable, id: number, workflowId: string): Promise<void> {
  await q.query('UPDATE bulk_runs SET workflow_id = $2 WHERE id = $1', [id, workflowId]);
}

export async function finishBulkRun(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE bulk_runs SET finished_at = coalesce(finished_at, now()) WHERE id = $1', [id]);
}

export async function unfinishedBulkRun(q: Queryable): Promise<BulkRun | undefined> {
  return (await q.query<BulkRun>(`SELECT ${COLUMNS} FROM bulk_runs WHERE finished_at IS NULL`)).rows[0];
}

export async function findBulkRun(q: Queryable, id: number): Promise<BulkRun | undefined> {
  return (await q.query<BulkRun>(`SELECT ${COLUMNS} FROM bulk_runs WHERE id = $1`, [id])).rows[0];
}

/** The latest bulk runs, newest first. */
export async function recentBulkRuns(q: Queryable, limit: number): Promise<BulkRun[]> {
  return (await q.query<BulkRun>(`SELECT ${COLUMNS} FROM bulk_runs ORDER BY id DESC LIMIT $1`, [limit])).rows;
}
