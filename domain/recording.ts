type Scalar = string | number | null | undefined;

const isEmpty = (v: Scalar) => v === null || v === undefined || v === '';

/**
 * "Fill gaps, don't erase": locked → never; new empty → keep current; otherwise write when
 * different. Returns whether to write.
 */
export function shouldWrite(current: Scalar, incoming: Scalar, locked: boolean): boolean {
  if (locked || isEmpty(incoming)) return false;
  return isEmpty(current) || current !== incoming;
}

/** "The Matrix" → "Matrix, The" (leading article moves to the end, capitalisation kept). */
export function sortTitle(title: string): string {
  const t = title.trim();
  const m = /^(the|a|an)\s+(.+)$/i.exec(t);
  return m ? `${m[2]}, ${m[1]}` : t;
}

/** A `movies` column, the provider-cache column it is copied from, the locks that protect it, and its source. */
const RECORDED_FIELDS: { column: string; from: string; locks: string[]; source: 'tmdb' | 'omdb' }[] = [
  { column: 'title', from: 'title', locks: ['title_locked'], source: 'tmdb' },
  {
    column: 'original_title',
    from: 'original_title',
    locks: ['title_locked', 'original_title_locked'],
    source: 'tmdb',
  },
  { column: 'plot', from: 'overview', locks: ['plot_locked'], source: 'tmdb' },
  { column: 'outline', from: 'outline', locks: ['outline_locked'], source: 'omdb' },
  { column: 'tagline', from: 'tagline', locks: ['tagline_locked'], source: 'tmdb' },
  { column: 'release_date', from: 'release_date', locks: ['release_date_locked'], source: 'tmdb' },
  // The year follows the release date: locking the date keeps the year too.
  { column: 'year', from: 'year', locks: ['year_locked', 'release_date_locked'], source: 'tmdb' },
  { column: 'runtime', from: 'runtime', locks: ['runtime_locked'], source: 'tmdb' },
  { column: 'content_rating', from: 'content_rating', locks: ['content_rating_locked'], source: 'tmdb' },
  { column: 'tmdb_rating', from: 'tmdb_rating', locks: ['ratings_locked'], source: 'tmdb' },
  { column: 'tmdb_votes', from: 'tmdb_votes', locks: ['ratings_locked'], source: 'tmdb' },
  { column: 'imdb_rating', from: 'imdb_rating', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'imdb_votes', from: 'imdb_votes', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'rotten_tomatoes_score', from: 'rotten_tomatoes_score', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'metacritic_score', from: 'metacritic_score', locks: ['ratings_locked'], source: 'omdb' },
  { column: 'awards', from: 'awards', locks: [], source: 'omdb' },
  { column: 'budget', from: 'budget', locks: [], source: 'tmdb' },
  { column: 'revenue', from: 'revenue', locks: [], source: 'tmdb' },
  { column: 'homepage', from: 'homepage', locks: [], source: 'tmdb' },
  { column: 'original_language', from: 'original_language', locks: [], source: 'tmdb' },
  { column: 'popularity', from: 'popularity', locks: [], source: 'tmdb' },
  { column: 'status', from: 'status', locks: [], source: 'tmdb' },
];

type Row = Readonly<Record<string, unknown>>;

/**
 * What recording writes into a movie's row from its provider-cache row: each unlocked field that
 * fills a gap or corrects a value, a sort title when there is none, ids the movie lacks (so later
 * providers can use them), where each value came from, and the enriched state. `changed` names
 * the fields that change.
 */
export function recordedValues(movie: Row, cache: Row): { values: Record<string, unknown>; changed: string[] } {
  const values: Record<string, unknown> = {};
  const changed: string[] = [];
  const sources: Record<string, string> = {};
  // The content rating is TMDB's US certification, else OMDb's `Rated`.
  const fromOmdbRated = cache.content_rating === null && cache.omdb_rated !== null;
  for (const f of RECORDED_FIELDS) {
    const incoming = (f.column === 'content_rating' && fromOmdbRated ? cache.omdb_rated : cache[f.from]) as Scalar;
    const locked = f.locks.some((l) => movie[l] === true);
    if (shouldWrite(movie[f.column] as Scalar, incoming, locked)) {
      values[f.column] = incoming;
      changed.push(f.column);
      sources[f.column] = f.column === 'content_rating' && fromOmdbRated ? 'omdb' : f.source;
    }
  }
  const title = (changed.includes('title') ? cache.title : movie.title) as string;
  if (!movie.sort_title_locked && !movie.sort_title) {
    values.sort_title = sortTitle(title);
    changed.push('sort_title');
  }
  for (const id of ['tmdb_id', 'imdb_id', 'tvdb_id'])
    if (movie[id] === null && cache[id] !== null) {
      values[id] = cache[id];
      changed.push(id);
    }
  values.field_sources = JSON.stringify({ ...(movie.field_sources as object), ...sources });
  values.identification_status = movie.identification_status === 'published' ? 'published' : 'enriched';
  return { values, changed };
}

/**
 * The recorded columns a new identity's enrichment must fill afresh: those no lock protects. Left
 * alone, a value the old film had and the new one lacks would stay, since recording never erases.
 * The title stays (a movie always has one) until the new film's replaces it; an unlocked sort title
 * goes too, as recording derives one only when there is none.
 */
export function unlockedRecordedColumns(movie: Row): string[] {
  const columns = RECORDED_FIELDS.filter((f) => f.column !== 'title' && !f.locks.some((l) => movie[l] === true)).map(
    (f) => f.column,
  );
  return movie.sort_title_locked === true ? columns : [...columns, 'sort_title'];
}
