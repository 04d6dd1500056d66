import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import pLimit from 'p-limit';
import { firstCastMembers } from '../db/actors.js';
import { headshotsInput } from '../domain/activity-inputs.js';
import { FailureType } from '../domain/failures.js';
import { HEADSHOT_CONCURRENCY, HEADSHOT_LIMIT, headshotSkipReason, type HeadshotReport } from '../domain/headshots.js';
import { MissingTempFile, storeHeadshot, UntrustedTempFile } from '../storage/blob-store.js';
import type { ActivityDeps } from './deps.js';
import { createImageFetch } from './download.js';
import { parseInput } from './input.js';
import { runTempDir } from './temp-files.js';

export function createHeadshotActivities({ pool, config }: ActivityDeps) {
  const fetchImage = createImageFetch(config);

  /**
   * Fetches the headshots of the movie's first cast members from TMDB, a few at once, into the
   * cache as the people's images. A headshot that cannot be had (404, not an image, the network
   * failing) is that person's outcome, never the movie's: they stay linked without one. Idempotent:
   * a person with an image is not fetched again.
   */
  async function fetchHeadshots(raw: { movieId: number; runKey: string }): Promise<HeadshotReport> {
    const input = parseInput(headshotsInput, raw);
    const cast = await firstCastMembers(pool, input.movieId, HEADSHOT_LIMIT);
    const report: HeadshotReport = {
      considered: cast.length,
      downloaded: 0,
      cached: 0,
      locked: 0,
      missing: 0,
      failed: [],
    };
    const dir = runTempDir(config.cacheDir, `${input.runKey}-headshots`);
    const attempt = Context.current().info.attempt;
    const limit = pLimit(HEADSHOT_CONCURRENCY);
    try {
      await Promise.all(
        cast.map((member) =>
          limit(async () => {
            const skip = headshotSkipReason(member);
            if (skip === 'locked') return void report.locked++;
            if (skip === 'cached') return void report.cached++;
            if (skip === 'no headshot') return void report.missing++;
            const url = `${config.tmdb.imageUrl}/original${member.profilePath}`;
            const tempPath = join(dir, `${member.actorId}-${attempt}-${randomBytes(4).toString('hex')}.part`);
            const failed = (reason: string) =>
              report.failed.push({ actorId: member.actorId, name: member.name, reason });
            try {
              const fetched = await fetchImage(url, tempPath);
              if (!fetched.ok) return failed(fetched.reason);
              const stored = await storeHeadshot(pool, config.cacheDir, fetched, {
                actorId: member.actorId,
                sourceUrl: url,
              });
              if (stored) report.downloaded++;
              else report.locked++;
            } catch (err) {
              // The provider failing costs this person their headshot; our own database or disk
              // failing goes on, for the run to wait it out.
              const own = err instanceof ApplicationFailure && err.type === FailureType.DownloadFailed;
              if (!own && !(err instanceof MissingTempFile) && !(err instanceof UntrustedTempFile)) throw err;
              failed(err.message);
            } finally {
              await rm(tempPath, { force: true });
            }
          }),
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return report;
  }

  return { fetchHeadshots };
}
