// The library as a grid of posters with title, year, completeness and state (a ring while a run
// moves); search, filters and sorting; importing a library folder and following its scan.
import { useDeferredValue, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMovies, type MovieFilters, type MovieSummary } from '../api/library';
import type { LiveProgress } from '../api/progress';
import { useLatestRuns, useLiveRuns } from '../api/runs';
import { ErrorNote } from '../components/ErrorNote';
import { LibraryFolders } from '../components/LibraryFolders';
import { movieState, STATE_LABELS, StateBadge, type StateName } from '../components/MovieState';
import { Picture } from '../components/Picture';

/** States the API filters by itself; the others are a run's, filtered here. */
const SERVER_STATES: Partial<Record<StateName, MovieFilters['status']>> = {
  needs_identification: 'needs_identification',
  missing_file: 'file_missing',
  published: 'published',
};
const FILTERABLE: StateName[] = [
  'awaiting_review',
  'enriching',
  'failed',
  'published',
  'needs_identification',
  'missing_file',
  'not_enriched',
];

const SORTS = ['title', 'year', 'completeness', 'id'] as const;
type Sort = (typeof SORTS)[number];

export function LibraryPage() {
  // The filters live in the address, so a reload, a bookmark or the back button keeps them.
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const state = (FILTERABLE as string[]).includes(params.get('show') ?? '') ? (params.get('show') as StateName) : '';
  const sort: Sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as Sort)
    : 'title';
  const setParam = (name: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const setState = (value: StateName | '') => setParam('show', value);
  const setSort = (value: Sort) => setParam('sort', value === 'title' ? '' : value);
  const q = useDeferredValue(search.trim());
  const filters: MovieFilters = {
    sort,
    ...(q ? { q } : {}),
    ...(state && SERVER_STATES[state] ? { status: SERVER_STATES[state] } : {}),
  };
  const movies = useMovies(filters);
  const runs = useLatestRuns();
  const live = useLiveRuns();
  const loaded = movies.data?.pages.flatMap((p) => p.movies) ?? [];
  const total = movies.data?.pages[0]?.total ?? 0;
  const stateOf = (m: MovieSummary) => movieState(m, runs.data?.get(m.id), live.get(m.id));
  const shown = state && !SERVER_STATES[state] ? loaded.filter((m) => stateOf(m) === state) : loaded;

  return (
    <>
      <div className="page-heading">
        <h1>Library</h1>
        <p className="muted" role="status">
          {movies.isPending ? 'Loading…' : `${total} ${total === 1 ? 'movie' : 'movies'}`}
          {live.size > 0 && ` · ${live.size} enriching now`}
        </p>
      </div>
      <LibraryFolders />
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setParam('q', e.target.value.trim());
            }}
            placeholder="Title, IMDb or TMDB id"
          />
        </label>
        <label>
          Show
          <select value={state} onChange={(e) => setState(e.target.value as StateName | '')}>
            <option value="">All movies</option>
            {FILTERABLE.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="title">Title</option>
            <option value="year">Year</option>
            <option value="completeness">Completeness (least first)</option>
            <option value="id">Recently added last</option>
          </select>
        </label>
      </form>
      <ErrorNote error={movies.error} action="Cannot list the movies" />
      {movies.isSuccess && loaded.length === 0 && (
        <p className="empty">
          {q || state ? 'No movie matches.' : 'No movies yet: import a library folder above, or send a Radarr webhook.'}
        </p>
      )}
      <ul className="poster-grid" aria-label="Movies">
        {shown.map((m) => (
          <PosterCard key={m.id} movie={m} state={stateOf(m)} live={live.get(m.id)} />
        ))}
      </ul>
      {movies.hasNextPage && (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => void movies.fetchNextPage()}
            disabled={movies.isFetchingNextPage}
          >
            {movies.isFetchingNextPage ? 'Loading…' : `Show more (${loaded.length} of ${total})`}
          </button>
        </p>
      )}
    </>
  );
}

function PosterCard({ movie, state, live }: { movie: MovieSummary; state: StateName; live?: LiveProgress }) {
  const name = movie.year ? `${movie.title} (${movie.year})` : movie.title;
  return (
    <li className="poster-card">
      <Link
        to={`/movies/${movie.id}`}
        aria-label={`${name}: ${STATE_LABELS[state]}, ${movie.completenessPct}% complete`}
      >
        <Picture
          image={movie.posterSha256 ? { sha256: movie.posterSha256 } : null}
          alt=""
          width={185}
          className="poster-thumb"
          missing="No poster"
        />
        <span className="poster-title">{movie.title}</span>
        <span className="poster-meta">
          <span>{movie.year ?? '—'}</span>
          <span className="completeness" title="completeness">
            {movie.completenessPct}%
          </span>
        </span>
        <StateBadge state={state} live={live} />
      </Link>
    </li>
  );
}
