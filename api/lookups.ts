// Checks several routes make before acting on a movie or its workflow.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';

/** A movie the API may act on: present and not deleted. */
export async function movieExists(pool: Pool, id: number): Promise<boolean> {
  return ((await pool.query('SELECT 1 FROM movies WHERE id = $1 AND deleted_at IS NULL', [id])).rowCount ?? 0) > 0;
}

/** Whether the workflow with this id has a run still open (none at all counts as not running). */
export async function workflowRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
