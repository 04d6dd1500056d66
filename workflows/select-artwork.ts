// The user picks one candidate as its type's first: downloaded and cached unless the movie holds
// its bytes already, then put at the top of the type's selection, which is locked so automation
// never overrides it.
import { ApplicationFailure, CancellationScope, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../domain/failures.js';
import type { SelectArtworkInput, SelectArtworkResult } from '../domain/types.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups, asWorkflowFailure } from './proxies.js';

/**
 * A person waits for the pick (the API starts it with a timeout of minutes): an unavailable
 * database or cache volume is waited out this long, then the pick fails.
 */
const INFRASTRUCTURE_WAIT_MS = 2 * 60_000;

export async function selectArtwork(input: SelectArtworkInput): Promise<SelectArtworkResult> {
  const { movieId, candidateId } = input;
  const { recording, downloads, storage } = activityGroups(new InfrastructureWait(undefined, INFRASTRUCTURE_WAIT_MS));
  try {
    const plan = await recording.planPick({ movieId, candidateId });
    let sha256 = plan.heldSha256;
    if (sha256 === null) {
      const { workflowId, runId } = workflowInfo();
      const runKey = `${workflowId}-${runId}`;
      try {
        const outcome = await downloads.downloadCandidate({ runKey, candidateId, url: plan.url });
        if (!outcome.ok)
          throw ApplicationFailure.nonRetryable(
            `${plan.assetType} candidate ${candidateId} could not be used: ${outcome.reason}`,
            FailureType.PickFailed,
          );
        await storage.storeBlob({ image: outcome, movieId, assetType: plan.assetType });
        sha256 = outcome.sha256;
      } finally {
        await CancellationScope.nonCancellable(() => storage.removeRunTemp({ runKey }));
      }
    }
    // The pick first, then the rest of the selection in its order (the same bytes once), as far as
    // the type's limit reaches: what was first becomes second.
    const picked = sha256;
    const chosen = [
      { candidateId, sha256: picked },
      ...plan.selection.filter((s) => s.candidateId !== candidateId && s.sha256 !== picked),
    ].slice(0, plan.limit);
    try {
      await recording.recordPicks({ movieId, picks: [{ assetType: plan.assetType, chosen }] });
    } catch (err) {
      // Refused (the candidate was blocked meanwhile) or failed: the reference the download added
      // goes again unless the selection holds those bytes. Its own failure must not hide why.
      if (plan.heldSha256 === null)
        await CancellationScope.nonCancellable(() =>
          storage.releaseCachedRef({ movieId, assetType: plan.assetType, sha256: picked }),
        ).catch(() => undefined);
      throw err;
    }
    return {
      movieId,
      candidateId,
      assetType: plan.assetType,
      downloaded: plan.heldSha256 === null,
      selection: chosen.map((c) => c.candidateId),
    };
  } catch (err) {
    throw asWorkflowFailure(err, FailureType.PickFailed);
  }
}
