import { log } from '@temporalio/activity';
import type { Pool } from '../db/pool.js';
import { removeUnrecordedFiles } from '../storage/blob-store.js';

/**
 * Removes released blobs' files after the commit that released them. A failure leaves orphan files
 * (the checker reports them, `--repair` removes them) and does not fail the activity: its work is
 * committed, and a retry would release nothing again.
 */
export async function removeReleased(pool: Pool, released: readonly string[]): Promise<void> {
  await removeUnrecordedFiles(pool, released).catch((err: unknown) =>
    log.warn('released cache files not removed', { files: released, error: String(err) }),
  );
}
