// A movie's artwork: per type a row of candidates as pictures, ranked. Outside a review a click
// selects (and locks the type) or blocks; during a review a click picks what the approval publishes.
import { ErrorNote } from './ErrorNote';
import { CandidateCard } from './CandidateCard';
import {
  ASSET_LABELS,
  byType,
  pickFirst,
  useArtworkActions,
  useCandidates,
  type Candidate,
  type Picks,
} from '../api/artwork';

interface Props {
  movieId: number;
  /** During a review: the picks so far and how to change them. */
  review?: { picks: Picks; onPicks(picks: Picks): void };
}

export function ArtworkRows({ movieId, review }: Props) {
  const candidates = useCandidates(movieId);
  const { select, block, unblock } = useArtworkActions(movieId);
  if (candidates.isPending) return <p className="loading">Loading artwork…</p>;
  if (candidates.error) return <ErrorNote error={candidates.error} action="Cannot list the artwork" />;
  const all = candidates.data.candidates;
  const rows = byType(all);
  if (rows.length === 0) return <p className="muted">No artwork candidates yet: enrich the movie to gather them.</p>;
  const busy = select.isPending || block.isPending || unblock.isPending;
  const byId = new Map(all.map((c) => [c.id, c]));
  const holderOf = (c: Candidate) =>
    c.duplicate?.candidateId != null
      ? byId.get(c.duplicate.candidateId)
      : all.find((o) => o.sha256 === c.duplicate?.sha256 && o.id !== c.id);
  return (
    <div className="artwork">
      <ErrorNote error={select.error ?? block.error ?? unblock.error} action="The artwork change failed" />
      {rows.map(([type, list]) => {
        const picks = review?.picks[type];
        return (
          <section key={type} className="artwork-type" aria-labelledby={`artwork-${type}`}>
            <h3 id={`artwork-${type}`}>
              {ASSET_LABELS[type]} <span className="muted">({list.length})</span>
            </h3>
            <ul className="candidate-row">
              {list.map((c) => {
                const pickedAs = picks ? picks.indexOf(c.id) + 1 || undefined : undefined;
                const primary = review
                  ? c.state !== 'blocked' && c.state !== 'failed' && pickedAs !== 1
                    ? { label: 'Pick', onClick: () => review.onPicks(pickFirst(review.picks, c, list)) }
                    : undefined
                  : c.state !== 'selected' && c.state !== 'blocked'
                    ? { label: 'Select', onClick: () => select.mutate(c.id) }
                    : undefined;
                return (
                  <CandidateCard
                    key={c.id}
                    candidate={c}
                    original={c.state === 'duplicate' ? holderOf(c) : undefined}
                    pickedAs={pickedAs}
                    primary={primary}
                    onBlock={review ? undefined : () => block.mutate(c.id)}
                    onUnblock={review ? undefined : () => unblock.mutate(c.id)}
                    busy={busy}
                  />
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
