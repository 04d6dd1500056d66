// The review queue: every enrichment awaiting a decision, with what it would change (fields before
// and after, artwork added and removed as pictures). Approve, reject, or pick other artwork and
// approve that; keys move through a long queue without the mouse.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ASSET_LABELS, type Picks } from '../api/artwork';
import type { RunItem } from '../api/runs';
import { useMovie } from '../api/movies';
import { useReviewDecision, useReviewPreview, useReviewQueue, type ReviewPreview } from '../api/review';
import { ArtworkRows } from '../components/ArtworkRows';
import { ErrorNote } from '../components/ErrorNote';
import { Picture } from '../components/Picture';
import { ScrollingTable } from '../components/ScrollingTable';

const KEYS = 'j / ↓ next · k / ↑ previous · a approve · r reject · p pick other artwork · o open the movie';

export function ReviewPage() {
  const queue = useReviewQueue();
  const [current, setCurrent] = useState(0);
  const items = useStableQueue(queue.data);
  const waiting = queue.data?.length ?? 0;
  const index = Math.min(current, Math.max(0, items.length - 1));
  return (
    <>
      <div className="page-heading">
        <h1>Review</h1>
        <p className="muted" role="status">
          {queue.isPending ? 'Loading…' : `${waiting} awaiting review`}
        </p>
      </div>
      <p className="muted small" id="review-keys">
        Keys: {KEYS}
      </p>
      <ErrorNote error={queue.error} action="Cannot list the reviews" />
      {queue.isSuccess && items.length === 0 && (
        <p className="empty">Nothing awaits review. Enrichments wait here when auto-publish is off.</p>
      )}
      <ol className="review-queue" aria-describedby="review-keys">
        {items.map(({ item, decided }, i) => (
          <ReviewItem
            key={item.runId}
            item={item}
            onDecided={decided}
            current={i === index}
            onFocus={() => setCurrent(i)}
            onMove={(step) => setCurrent(Math.max(0, Math.min(items.length - 1, i + step)))}
          />
        ))}
      </ol>
    </>
  );
}

/**
 * The queue in a stable order: runs decided here stay in place (with what was decided) until the
 * page is left, so the keys keep their place; runs that left the queue otherwise (decided on
 * another page, timed out) go.
 */
function useStableQueue(fetched: RunItem[] | undefined): { item: RunItem; decided(): void }[] {
  const [decided, setDecided] = useState(() => new Set<string>());
  const [shown, setShown] = useState<RunItem[]>([]);
  useEffect(() => {
    if (!fetched) return;
    setShown((prev) => {
      const waiting = new Set(fetched.map((f) => f.runId));
      const kept = prev.filter((p) => waiting.has(p.runId) || decided.has(p.runId));
      const known = new Set(kept.map((k) => k.runId));
      return [...kept, ...fetched.filter((f) => !known.has(f.runId))];
    });
  }, [fetched, decided]);
  return shown.map((item) => ({
    item,
    decided: () => setDecided((d) => (d.has(item.runId) ? d : new Set([...d, item.runId]))),
  }));
}

function ReviewItem({
  item,
  onDecided,
  current,
  onFocus,
  onMove,
}: {
  item: RunItem;
  onDecided(): void;
  current: boolean;
  onFocus(): void;
  onMove(step: number): void;
}) {
  const movieId = item.movieId!;
  const movie = useMovie(movieId);
  const preview = useReviewPreview(movieId);
  const decide = useReviewDecision(movieId);
  const navigate = useNavigate();
  const [picking, setPicking] = useState(false);
  const [picks, setPicks] = useState<Picks>({});
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current && ref.current && !ref.current.contains(document.activeElement)) ref.current.focus();
  }, [current]);
  const title = movie.data
    ? `${movie.data.title}${movie.data.year ? ` (${movie.data.year})` : ''}`
    : `Movie ${movieId}`;
  const picked = Object.values(picks).some((ids) => ids?.length);
  const approve = () => decide.mutate({ decision: 'approve', picks }, { onSuccess: onDecided });
  const reject = () => decide.mutate({ decision: 'reject' }, { onSuccess: onDecided });

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Keys typed into a field are the field's.
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const actions: Record<string, () => void> = {
      j: () => onMove(1),
      ArrowDown: () => onMove(1),
      k: () => onMove(-1),
      ArrowUp: () => onMove(-1),
      a: approve,
      r: reject,
      p: () => setPicking((v) => !v),
      o: () => void navigate(`/movies/${movieId}`),
    };
    const action = actions[e.key];
    if (!action || decide.isPending || (decide.isSuccess && e.key !== 'j' && e.key !== 'k')) return;
    e.preventDefault();
    action();
  };

  return (
    <li
      ref={ref}
      className={`card review-item${current ? ' current' : ''}`}
      tabIndex={0}
      aria-label={`Review of ${title}`}
      aria-current={current ? 'true' : undefined}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
    >
      <div className="review-head">
        <h2>
          <Link to={`/movies/${movieId}`}>{title}</Link>
        </h2>
        {preview.data?.reviewDeadline && (
          <span className="muted small">until {new Date(preview.data.reviewDeadline).toLocaleString()}</span>
        )}
      </div>
      <ErrorNote error={movie.error ?? preview.error} action="Cannot show what changes" />
      {preview.data && <Changes preview={preview.data} />}
      <div className="toolbar">
        <button type="button" onClick={approve} disabled={decide.isPending || decide.isSuccess}>
          {picked ? 'Approve with my picks' : 'Approve'}
        </button>
        <button type="button" className="danger" onClick={reject} disabled={decide.isPending || decide.isSuccess}>
          Reject
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
          disabled={decide.isSuccess}
        >
          Pick other artwork
        </button>
      </div>
      {decide.isPending && <p role="status">Sending…</p>}
      {decide.isSuccess && (
        <p role="status" className="ok-text">
          {decide.variables?.decision === 'reject' ? 'Rejected.' : 'Approved.'}
        </p>
      )}
      <ErrorNote error={decide.error} action="The review was not applied" />
      {picking && !decide.isSuccess && <ArtworkRows movieId={movieId} review={{ picks, onPicks: setPicks }} />}
    </li>
  );
}

type Img = ReviewPreview['artwork'][number]['added'][number];

function Changes({ preview }: { preview: ReviewPreview }) {
  const artwork = preview.artwork.filter((a) => a.added.length || a.removed.length);
  if (preview.changes.length === 0 && artwork.length === 0)
    return <p className="muted">Nothing changes: approving publishes what is there now.</p>;
  return (
    <div className="changes">
      {preview.changes.length > 0 && (
        <ScrollingTable label="Fields this enrichment changed">
          <table>
            <caption className="visually-hidden">Fields this enrichment changed</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.field.replace(/_/g, ' ')}</th>
                  <td className="before">{valueText(c.before)}</td>
                  <td className="after">{valueText(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {artwork.map((a) => (
        <div key={a.assetType} className="artwork-diff">
          <h3>{ASSET_LABELS[a.assetType as keyof typeof ASSET_LABELS] ?? a.assetType}</h3>
          <div className="diff-row">
            {a.added.length > 0 && <Pictures label="Added" images={a.added} type={a.assetType} />}
            {a.removed.length > 0 && <Pictures label="Removed" images={a.removed} type={a.assetType} />}
          </div>
        </div>
      ))}
    </div>
  );
}

function Pictures({ label, images, type }: { label: string; images: Img[]; type: string }) {
  return (
    <figure className={`diff-pictures ${label.toLowerCase()}`}>
      <figcaption>
        {label} ({images.length})
      </figcaption>
      <ul>
        {images.map((img) => (
          <li key={img.sha256}>
            <Picture
              image={img.url ? { sha256: img.sha256 } : null}
              alt={`${label} ${type}${img.width && img.height ? `, ${img.width}×${img.height}` : ''}`}
              width={154}
              missing="Not cached"
            />
          </li>
        ))}
      </ul>
    </figure>
  );
}

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
