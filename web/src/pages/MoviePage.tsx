// One movie: its poster and state, the review awaiting a decision, the live progress of a run,
// metadata with a lock per field, ratings, cast, the files published, and its artwork candidates.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Picks } from '../api/artwork';
import { useLatestRun, useMovie, useMovieActions, type Movie } from '../api/movies';
import { ArtworkRows } from '../components/ArtworkRows';
import { ErrorNote } from '../components/ErrorNote';
import { FieldRow, type FieldSpec } from '../components/FieldRow';
import { movieState, StateBadge } from '../components/MovieState';
import { Picture } from '../components/Picture';
import { ProgressView } from '../components/ProgressView';
import { ReviewBar } from '../components/ReviewBar';
import { TemporalLink } from '../components/TemporalLink';
import { TrailerPanel } from '../components/TrailerPanel';

const FIELDS: FieldSpec[] = [
  { field: 'title', label: 'Title', kind: 'text' },
  { field: 'original_title', label: 'Original title', kind: 'text' },
  { field: 'sort_title', label: 'Sort title', kind: 'text' },
  { field: 'year', label: 'Year', kind: 'number' },
  { field: 'release_date', label: 'Release date', kind: 'date' },
  { field: 'runtime', label: 'Runtime (minutes)', kind: 'number' },
  { field: 'content_rating', label: 'Content rating', kind: 'text' },
  { field: 'tagline', label: 'Tagline', kind: 'text' },
  { field: 'outline', label: 'Outline', kind: 'long' },
  { field: 'plot', label: 'Plot', kind: 'long' },
  { field: 'user_rating', label: 'Your rating (0–10)', kind: 'number' },
];

const LISTS = [
  ['genres', 'Genres'],
  ['studios', 'Studios'],
  ['countries', 'Countries'],
  ['directors', 'Directors'],
  ['writers', 'Writers'],
  ['tags', 'Tags'],
] as const;

export function MoviePage() {
  const id = Number(useParams().id);
  const movie = useMovie(id);
  if (!Number.isInteger(id) || id < 1) return <p className="error">“{useParams().id}” is not a movie id.</p>;
  if (movie.isPending) return <p className="loading">Loading the movie…</p>;
  if (movie.error) return <ErrorNote error={movie.error} action={`Cannot show movie ${id}`} />;
  return <MovieDetails movie={movie.data} />;
}

function MovieDetails({ movie }: { movie: Movie }) {
  const id = movie.id;
  const run = useLatestRun(id);
  const { edit, setLock, enrich } = useMovieActions(id);
  const [picks, setPicks] = useState<Picks>({});
  const latest = run.data ?? undefined;
  const running = latest?.status === 'RUNNING';
  const awaitingReview = running && latest?.enrichmentStatus === 'awaiting_review';
  const started = enrich.data;
  const followed = started ?? (running && latest ? { workflowId: latest.workflowId, runId: latest.runId } : null);
  const fileMissing = Boolean(movie.file_missing_since);
  const state = movieState({ identificationStatus: movie.identification_status, fileMissing }, latest, undefined);
  const poster = movie.selectedAssets.poster?.[0];
  const busy = edit.isPending || setLock.isPending;
  const field = (name: string) => (movie as Record<string, unknown>)[name];
  const published = (movie.publishedFiles ?? []) as { path: string; kind: string; assetType: string | null }[];

  return (
    <article className="movie-page">
      <p>
        <Link to="/">← Library</Link>
      </p>
      <header className="movie-header">
        <Picture
          image={poster ? { sha256: poster.sha256 } : null}
          alt={`Poster of ${movie.title}`}
          width={342}
          className="movie-poster"
          missing="No poster"
        />
        <div>
          <h1>
            {movie.title} {movie.year && <span className="muted">({movie.year})</span>}
          </h1>
          <p className="movie-badges">
            <StateBadge state={state} /> <span className="badge">{movie.completeness.pct}% complete</span>
            {movie.completeness.missing.length > 0 && (
              <span className="muted"> Missing: {movie.completeness.missing.join(', ')}</span>
            )}
          </p>
          <p className="muted">
            {movie.tmdb_id && <>TMDB {movie.tmdb_id} · </>}
            {movie.imdb_id && <>IMDb {movie.imdb_id} · </>}
            {String(field('file_path') ?? 'no file')}
          </p>
          <div className="toolbar">
            <button
              type="button"
              onClick={() => enrich.mutate(Boolean(awaitingReview))}
              disabled={enrich.isPending || (running && !awaitingReview)}
            >
              {awaitingReview ? 'Enrich again' : 'Enrich now'}
            </button>
            {latest && <TemporalLink run={latest}>This run in Temporal</TemporalLink>}
            {movie.identification_status === 'needs_identification' && (
              <span className="badge warn">Needs identification: search TMDB through the API</span>
            )}
          </div>
          <ErrorNote error={enrich.error} action="Could not start an enrichment" />
        </div>
      </header>

      {followed && <ProgressView key={followed.runId} workflowId={followed.workflowId} runId={followed.runId} />}
      {awaitingReview && !started && (
        <ReviewBar movieId={id} deadline={null} picks={picks} onClearPicks={() => setPicks({})} />
      )}

      <div className="movie-columns">
        <div>
          <section aria-labelledby="metadata">
            <h2 id="metadata">Metadata</h2>
            <p className="muted small">A field you edit is locked: enrichment never overwrites a locked field.</p>
            <ErrorNote error={edit.error ?? setLock.error} action="The change was not saved" />
            <dl className="fields">
              {FIELDS.map((spec) => (
                <FieldRow
                  key={spec.field}
                  spec={spec}
                  value={field(spec.field)}
                  locked={Boolean(movie.locks[spec.field])}
                  busy={busy}
                  onSave={(value) => edit.mutateAsync({ [spec.field]: value })}
                  onLock={(locked) => setLock.mutate({ field: spec.field, locked })}
                />
              ))}
              {LISTS.map(([name, label]) => (
                <FieldRow
                  key={name}
                  spec={{ field: name, label, kind: 'text' }}
                  value={movie[name].join(', ')}
                  locked={Boolean(movie.locks[name])}
                  busy={busy}
                  onSave={(value) =>
                    edit.mutateAsync({
                      [name]: String(value ?? '')
                        .split(',')
                        .map((s) => s.trim())
                        .filter(Boolean),
                    })
                  }
                  onLock={(locked) => setLock.mutate({ field: name, locked })}
                />
              ))}
            </dl>
            <h2 id="ratings">Ratings</h2>
            <dl className="fields">
              <FieldRow
                spec={{ field: 'ratings', label: 'Ratings', kind: 'text' }}
                value={ratingsText(field)}
                locked={Boolean(movie.locks.ratings)}
                busy={busy}
                onLock={(locked) => setLock.mutate({ field: 'ratings', locked })}
              />
            </dl>
          </section>
        </div>
        <div>
          <section aria-labelledby="cast">
            <h2 id="cast">Cast</h2>
            {movie.cast.length === 0 ? (
              <p className="muted">No cast recorded.</p>
            ) : (
              <ol className="cast">
                {movie.cast.map((member) => (
                  <li key={String(member.actor_id ?? member.name)}>
                    <strong>{member.name}</strong>
                    {member.role ? <span className="muted"> as {String(member.role)}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="trailer">
            <h2 id="trailer">Trailer</h2>
            <TrailerPanel movieId={id} />
          </section>
          <section aria-labelledby="files">
            <h2 id="files">Published files</h2>
            {published.length === 0 ? (
              <p className="muted">Nothing published yet.</p>
            ) : (
              <ul className="files">
                {published.map((f) => (
                  <li key={f.path}>
                    <code>{f.path}</code> <span className="muted">{f.assetType ?? f.kind}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>

      <section aria-labelledby="artwork-heading">
        <h2 id="artwork-heading">Artwork</h2>
        <p className="muted small">
          {awaitingReview
            ? 'Pick the artwork this review publishes: a pick becomes its type’s first image.'
            : 'Select an image to make it its type’s first (the type is then locked); a blocked image is never chosen again.'}
        </p>
        <ArtworkRows movieId={id} review={awaitingReview && !started ? { picks, onPicks: setPicks } : undefined} />
      </section>
    </article>
  );
}

function ratingsText(field: (name: string) => unknown): string {
  const parts: string[] = [];
  if (field('tmdb_rating') != null) parts.push(`TMDB ${field('tmdb_rating')} (${field('tmdb_votes') ?? 0} votes)`);
  if (field('imdb_rating') != null) parts.push(`IMDb ${field('imdb_rating')} (${field('imdb_votes') ?? 0} votes)`);
  if (field('rotten_tomatoes_score') != null) parts.push(`Rotten Tomatoes ${field('rotten_tomatoes_score')}%`);
  if (field('metacritic_score') != null) parts.push(`Metacritic ${field('metacritic_score')}`);
  return parts.join(' · ');
}
