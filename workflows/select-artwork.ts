// The user picks one candidate as its type's first: downloaded and cached unless the movie holds
// its bytes already, then put at the top of the type's selection, which is locked so automation
// never overrides it.
import { ActivityFailure, ApplicationFailure, CancellationScope, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../domain/failures.js';
import type { SelectArtworkInput, SelectArtworkResult } from '../domain/types.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups } from './proxies.js';

export async function selectArtwork(input: SelectArtworkInput): Promise<SelectArtworkResult> {
  const { movieId, candidateId } = input;
  const { recording, downloads, storage } = activityGroups(new InfrastructureWait());
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
    await recording.recordPicks({ movieId, picks: [{ assetType: plan.assetType, chosen }] });
    return {
      movieId,
      candidateId,
      assetType: plan.assetType,
      downloaded: plan.heldSha256 === null,
      selection: chosen.map((c) => c.candidateId),
    };
  } catch (err) {
    // The workflow fails with the activity's reason and type (the API answers by the type), not
    // "activity task failed"; the activity failure stays attached as the cause.
    if (err instanceof ActivityFailure && err.cause) {
      const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      throw ApplicationFailure.create({
        message: err.cause.message,
        type: type ?? FailureType.PickFailed,
        nonRetryable: true,
        cause: err,
      });
    }
    throw err;
  }
}
