// The movie's trailer: its candidates best first, with what analysis found or why one failed; a
// candidate or a YouTube/Vimeo URL of one's own can be chosen (which locks the trailer), and the
// lock toggled.
import { useState, type FormEvent } from 'react';
import { useTrailerActions, useTrailers, type TrailerCandidate } from '../api/trailers';
import { ErrorNote } from './ErrorNote';

const FAILURES: Record<NonNullable<TrailerCandidate['failure']>['reason'], string> = {
  unavailable: 'unavailable',
  geo_blocked: 'blocked in this country',
  age_restricted: 'age-restricted',
  rate_limited: 'rate-limited',
  download_error: 'download failed',
};

function describe(c: TrailerCandidate): string {
  const parts = [c.source === 'user' ? 'your URL' : c.official ? 'official' : 'unofficial'];
  if (c.language) parts.push(c.language);
  if (c.height) parts.push(`${c.height}p`);
  if (c.durationSeconds)
    parts.push(`${Math.floor(c.durationSeconds / 60)}:${String(c.durationSeconds % 60).padStart(2, '0')}`);
  if (c.score !== null) parts.push(`score ${c.score}`);
  return parts.join(' · ');
}

export function TrailerPanel({ movieId }: { movieId: number }) {
  const trailers = useTrailers(movieId);
  const { choose, addUrl, setLock } = useTrailerActions(movieId);
  const [url, setUrl] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    addUrl.mutate(url.trim(), { onSuccess: () => setUrl('') });
  };
  if (trailers.isPending) return <p className="muted">Loading trailers…</p>;
  if (trailers.isError) return <ErrorNote error={trailers.error} />;
  const { locked, candidates } = trailers.data;
  return (
    <>
      <label className="lock-toggle">
        <input
          type="checkbox"
          checked={locked}
          disabled={setLock.isPending}
          onChange={(e) => setLock.mutate(e.target.checked)}
        />{' '}
        Locked (enrichment leaves the trailer alone)
      </label>
      {candidates.length === 0 ? (
        <p className="muted">No trailer candidates yet.</p>
      ) : (
        <ol className="trailers" aria-label="Trailer candidates">
          {candidates.map((c) => (
            <li key={c.id} aria-current={c.selected ? 'true' : undefined}>
              <a href={c.url} target="_blank" rel="noreferrer">
                {c.title ?? c.name ?? c.url}
              </a>{' '}
              <span className="muted small">{describe(c)}</span>{' '}
              {c.failure ? (
                <span className="badge warn" title={c.failure.message ?? undefined}>
                  {FAILURES[c.failure.reason]}
                </span>
              ) : null}
              {c.selected ? (
                <span className="badge ok">{c.cachedSha256 ? 'trailer' : 'downloading…'}</span>
              ) : (
                <button type="button" disabled={choose.isPending} onClick={() => choose.mutate(c.id)}>
                  Use this trailer
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="trailer-url">
        <label>
          A trailer of your own (YouTube or Vimeo URL){' '}
          <input type="url" value={url} required onChange={(e) => setUrl(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={addUrl.isPending || url.trim() === ''}>
          Use this URL
        </button>
      </form>
      {choose.error ? <ErrorNote error={choose.error} /> : null}
      {addUrl.error ? <ErrorNote error={addUrl.error} /> : null}
      {setLock.error ? <ErrorNote error={setLock.error} /> : null}
    </>
  );
}
