// The `review` update's validator: pure, so the workflow runs it on its own state
// before accepting an update; a refusal names what is wrong.
import { ASSET_TYPES, type AssetType, type Phase, type ReviewInput, type TypePlan } from './types.js';

const isAssetType = (t: string): t is AssetType => (ASSET_TYPES as readonly string[]).includes(t);

/** Why this review cannot be accepted now, or null. `plans` are this run's candidates per type. */
export function reviewError(
  input: ReviewInput,
  phase: Phase,
  reviewing: boolean,
  plans: readonly TypePlan[],
): string | null {
  if (phase !== 'awaiting_review' || reviewing)
    return `no review is awaited (the enrichment is in phase ${reviewing ? 'publish' : phase})`;
  if (input?.decision !== 'approve' && input?.decision !== 'reject') return `decision must be "approve" or "reject"`;
  const picks = Object.entries(input.picks ?? {});
  if (picks.length && input.decision === 'reject') return 'picks come with "approve" only';
  for (const [type, ids] of picks) {
    if (!isAssetType(type)) return `unknown asset type "${type}"`;
    const plan = plans.find((p) => p.assetType === type)!;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id)))
      return `${type}: give one or more candidate ids`;
    if (new Set(ids).size !== ids.length) return `${type}: a candidate is picked twice`;
    if (ids.length > plan.limit) return `${type}: ${ids.length} picks but the limit is ${plan.limit}`;
    const unknown = ids.find((id) => !plan.candidates.some((c) => c.id === id));
    if (unknown !== undefined) return `${type}: candidate ${unknown} is not a ${type} candidate of this movie`;
  }
  return null;
}
