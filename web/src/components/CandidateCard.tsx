// One artwork candidate as a picture, with its rank, score, size, language and provider, and its
// state written on it: selected, duplicate of another image (shown small, with the distance),
// failed (with the reason), blocked.
import type { Candidate } from '../api/artwork';
import { Picture } from './Picture';

const STATE_TEXT: Record<Candidate['state'], string> = {
  selected: 'Selected',
  duplicate: 'Duplicate',
  failed: 'Failed',
  blocked: 'Blocked',
  downloaded: 'Downloaded',
  unselected: 'Not kept',
  not_fetched: 'Not downloaded',
};

const STATE_TONE: Partial<Record<Candidate['state'], string>> = {
  selected: 'ok',
  duplicate: 'warn',
  failed: 'danger',
  blocked: 'danger',
};

interface Props {
  candidate: Candidate;
  /** The picture it duplicates, when that is known. */
  original?: Candidate;
  /** Its place in the review's picks (1 = first), when it is picked. */
  pickedAs?: number;
  /** The main action: select it, or pick it for the review. */
  primary?: { label: string; onClick(): void; disabled?: boolean };
  onBlock?(): void;
  onUnblock?(): void;
  busy?: boolean;
}

const size = (c: Candidate) => (c.width && c.height ? `${c.width}×${c.height}` : 'size unknown');

export function CandidateCard({ candidate: c, original, pickedAs, primary, onBlock, onUnblock, busy }: Props) {
  const name = `${c.assetType} ${c.rank} from ${c.provider}`;
  return (
    <li
      className={`candidate state-${c.state}${pickedAs ? ' picked' : ''}`}
      aria-label={`${name}: ${STATE_TEXT[c.state]}${pickedAs ? `, picked ${pickedAs}` : ''}`}
      data-candidate-id={c.id}
    >
      <div className="candidate-picture">
        <Picture image={{ url: c.url }} alt={`${name}, ${size(c)}`} width={342} />
        <span className={`badge candidate-state ${STATE_TONE[c.state] ?? ''}`}>
          {STATE_TEXT[c.state]}
          {c.selectedBy === 'user' && c.state === 'selected' ? ' (yours)' : ''}
        </span>
        {pickedAs !== undefined && <span className="badge accent picked-badge">Pick {pickedAs}</span>}
      </div>
      <dl className="candidate-facts">
        <div>
          <dt>Rank</dt>
          <dd>#{c.rank}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{c.score ?? '—'}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{size(c)}</dd>
        </div>
        <div>
          <dt>Language</dt>
          <dd>{c.language ?? 'none'}</dd>
        </div>
        <div>
          <dt>Provider</dt>
          <dd>{c.provider}</dd>
        </div>
      </dl>
      {c.state === 'duplicate' && c.duplicate && (
        <div className="duplicate-of">
          {original && (
            <Picture
              image={{ url: original.url }}
              alt={`the image it repeats: ${original.assetType} ${original.rank}`}
              width={92}
              className="tiny"
            />
          )}
          <span>
            Duplicate of {original ? `#${original.rank}` : 'a kept image'}
            {c.duplicate.distance !== null ? ` (distance ${c.duplicate.distance})` : ''}
          </span>
        </div>
      )}
      {(c.state === 'failed' || (c.reason && c.state !== 'duplicate')) && c.reason && (
        <p className="candidate-reason">{c.reason}</p>
      )}
      <div className="candidate-actions">
        {primary && (
          <button
            type="button"
            onClick={primary.onClick}
            disabled={busy || primary.disabled}
            aria-label={`${primary.label} ${name}`}
          >
            {primary.label}
          </button>
        )}
        {c.state === 'blocked'
          ? onUnblock && (
              <button
                type="button"
                className="secondary"
                onClick={onUnblock}
                disabled={busy}
                aria-label={`Unblock ${name}`}
              >
                Unblock
              </button>
            )
          : onBlock && (
              <button type="button" className="danger" onClick={onBlock} disabled={busy} aria-label={`Block ${name}`}>
                Block
              </button>
            )}
      </div>
    </li>
  );
}
