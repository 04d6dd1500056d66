// The decision on an enrichment awaiting review: approve (with the picks made below, if any) or
// reject, and what the approval did.
import type { Picks } from '../api/artwork';
import { useReviewDecision } from '../api/review';
import { ErrorNote } from './ErrorNote';

interface Props {
  movieId: number;
  deadline: string | null;
  picks: Picks;
  onClearPicks(): void;
}

export function ReviewBar({ movieId, deadline, picks, onClearPicks }: Props) {
  const decide = useReviewDecision(movieId);
  const picked = Object.entries(picks).filter(([, ids]) => ids?.length);
  const outcome = decide.data as
    | { decision?: string; publish?: { status?: string; reason?: string; result?: { written?: string[] } } | null }
    | undefined;
  return (
    <section className="card review-bar" aria-label="Review">
      <p>
        <strong>This enrichment awaits your review</strong>
        {deadline ? ` until ${new Date(deadline).toLocaleString()}` : ''}. Nothing is published until you approve.
        {picked.length === 0
          ? ' To publish other artwork, pick it below first.'
          : ` Your picks: ${picked.map(([type, ids]) => `${type} ${ids!.length}`).join(', ')}.`}
      </p>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => decide.mutate({ decision: 'approve', picks })}
          disabled={decide.isPending || decide.isSuccess}
        >
          {picked.length ? 'Approve with my picks' : 'Approve'}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => decide.mutate({ decision: 'reject' })}
          disabled={decide.isPending || decide.isSuccess}
        >
          Reject
        </button>
        {picked.length > 0 && (
          <button type="button" className="secondary" onClick={onClearPicks} disabled={decide.isPending}>
            Clear picks
          </button>
        )}
      </div>
      {decide.isPending && <p role="status">Sending your decision…</p>}
      {decide.isSuccess && (
        <p role="status" className="ok-text">
          {outcome?.decision === 'reject'
            ? 'Rejected: nothing was published.'
            : outcome?.publish?.status === 'published'
              ? `Approved and published (${outcome.publish.result?.written?.length ?? 0} files written).`
              : `Approved; not published: ${outcome?.publish?.reason ?? 'see the movie page'}.`}
        </p>
      )}
      <ErrorNote error={decide.error} action="The review was not applied" />
    </section>
  );
}
