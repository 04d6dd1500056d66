import type { OmdbMovie } from './schemas.js';

/** Fields whose presence the completeness guard counts: under 60 % present rejects the answer. */
const CHECKED = [
  'Title',
  'Year',
  'Rated',
  'Released',
  'Runtime',
  'Genre',
  'Director',
  'Writer',
  'Actors',
  'Plot',
  'Language',
  'Country',
  'Poster',
  'imdbRating',
] as const;
export const OMDB_MIN_PRESENT = 0.6;

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '' && v !== 'N/A';

/** Why an OMDb answer is too empty to trust, or null. */
export function omdbTooIncomplete(m: OmdbMovie): string | null {
  const absent = CHECKED.filter((f) => !present(m[f]));
  const share = (CHECKED.length - absent.length) / CHECKED.length;
  return share < OMDB_MIN_PRESENT
    ? `only ${CHECKED.length - absent.length} of ${CHECKED.length} fields present (${Math.round(share * 100)} % < ${OMDB_MIN_PRESENT * 100} %): ${absent.join(', ')} are N/A`
    : null;
}

/** What OMDb contributes (outline, IMDb rating and votes, RT, Metacritic, awards, Rated); null where it said "N/A". */
export interface OmdbData {
  outline: string | null;
  imdbRating: number | null;
  imdbVotes: number | null;
  rottenTomatoes: number | null;
  metacritic: number | null;
  awards: string | null;
  rated: string | null;
}

export function omdbData(m: OmdbMovie): OmdbData {
  const num = (v: string | undefined, re: RegExp) => {
    const match = present(v) ? re.exec(v.replace(/,/g, '')) : null;
    return match ? Number(match[1]) : null;
  };
  const rating = (source: string) => m.Ratings.find((r) => r.Source === source)?.Value;
  return {
    outline: present(m.Plot) ? m.Plot : null,
    imdbRating: num(m.imdbRating, /^(\d+(?:\.\d+)?)$/),
    imdbVotes: num(m.imdbVotes, /^(\d+)$/),
    rottenTomatoes: num(rating('Rotten Tomatoes'), /^(\d+)%$/),
    metacritic: num(m.Metascore, /^(\d+)$/) ?? num(rating('Metacritic'), /^(\d+)\/100$/),
    awards: present(m.Awards) ? m.Awards : null,
    rated: present(m.Rated) ? m.Rated : null,
  };
}
