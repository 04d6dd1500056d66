// A TMDB movie answer as the provider cache stores it: the movie row and its lists, cleaned up
// (empty strings are absent values) and cut to what enrichment uses.
import { CAST_LIMIT } from './cast.js';
import type { TmdbMovieDetails } from './schemas.js';

/** Crew jobs kept in the cache; the rest of a film's crew is never shown or written. */
const CACHED_CREW_JOBS = new Set([
  'Director',
  'Writer',
  'Screenplay',
  'Producer',
  'Executive Producer',
  'Story',
  'Cinematography',
  'Music',
]);

/** TMDB video types and their names in the cache; other types (such as "Recap") are skipped. */
const VIDEO_TYPES: Record<string, string> = {
  Trailer: 'trailer',
  Teaser: 'teaser',
  Clip: 'clip',
  Featurette: 'featurette',
  'Behind the Scenes': 'behind_the_scenes',
  Bloopers: 'bloopers',
  'Opening Credits': 'opening_credits',
};

const emptyToNull = (s: string | null | undefined) => (s && s.trim() !== '' ? s : null);

/** The US theatrical (type 3) or limited (type 2) release's certification, such as "R". */
export function usCertification(details: TmdbMovieDetails): string | null {
  const us = details.release_dates?.results.find((r) => r.iso_3166_1 === 'US');
  const rel = us?.release_dates.find((d) => (d.type === 3 || d.type === 2) && d.certification.trim() !== '');
  return rel ? rel.certification.trim() : null;
}

export interface TmdbPerson {
  tmdbId: number;
  name: string;
  profilePath: string | null;
  popularity: number | null;
  gender: number | null;
  department: string | null;
}

export interface TmdbCacheRecord {
  movie: {
    tmdbId: number;
    imdbId: string | null;
    tvdbId: number | null;
    title: string;
    originalTitle: string | null;
    originalLanguage: string | null;
    overview: string | null;
    tagline: string | null;
    releaseDate: string | null;
    year: number | null;
    runtime: number | null;
    status: string | null;
    contentRating: string | null;
    rating: number | null;
    votes: number | null;
    popularity: number | null;
    budget: number | null;
    revenue: number | null;
    homepage: string | null;
    adult: boolean;
    externalIds: Record<string, unknown>;
  };
  genres: { tmdbId: number; name: string }[];
  companies: { tmdbId: number; name: string; logoPath: string | null; originCountry: string | null }[];
  countries: { iso: string; name: string }[];
  keywords: { tmdbId: number; name: string }[];
  /** Everyone in `cast` and `crew`, once each; a person's first appearance gives their details. */
  people: TmdbPerson[];
  /** The first cast members in credit order. */
  cast: { personTmdbId: number; character: string | null; order: number }[];
  crew: { personTmdbId: number; job: string; department: string | null }[];
  images: {
    type: 'poster' | 'backdrop' | 'logo';
    filePath: string;
    width: number | null;
    height: number | null;
    aspectRatio: number | null;
    voteAverage: number | null;
    voteCount: number | null;
    language: string | null;
  }[];
  videos: {
    type: string;
    providerVideoId: string;
    name: string;
    site: string;
    key: string;
    size: number | null;
    publishedAt: string | null;
    official: boolean | null;
    language: string | null;
    country: string | null;
  }[];
  collection: { tmdbId: number; name: string } | null;
}

export function tmdbCacheRecord(d: TmdbMovieDetails): TmdbCacheRecord {
  const releaseDate = emptyToNull(d.release_date);
  const ext = d.external_ids;
  const people = new Map<number, TmdbPerson>();
  const person = (p: {
    id: number;
    name: string;
    profile_path?: string | null;
    popularity?: number;
    gender?: number | null;
    known_for_department?: string | null;
  }) => {
    if (!people.has(p.id))
      people.set(p.id, {
        tmdbId: p.id,
        name: p.name,
        profilePath: p.profile_path ?? null,
        popularity: p.popularity ?? null,
        gender: p.gender ?? null,
        department: p.known_for_department ?? null,
      });
    return p.id;
  };
  const cast = [...(d.credits?.cast ?? [])]
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .slice(0, CAST_LIMIT)
    .map((m, i) => ({ personTmdbId: person(m), character: emptyToNull(m.character), order: m.order ?? i }));
  const crew = (d.credits?.crew ?? [])
    .filter((m) => CACHED_CREW_JOBS.has(m.job))
    .map((m) => ({ personTmdbId: person(m), job: m.job, department: m.department ?? null }));
  const images = d.images ?? { posters: [], backdrops: [], logos: [] };
  return {
    movie: {
      tmdbId: d.id,
      imdbId: emptyToNull(d.imdb_id ?? ext?.imdb_id),
      tvdbId: ext?.tvdb_id ?? null,
      title: d.title,
      originalTitle: emptyToNull(d.original_title),
      originalLanguage: emptyToNull(d.original_language),
      overview: emptyToNull(d.overview),
      tagline: emptyToNull(d.tagline),
      releaseDate,
      year: releaseDate ? Number(releaseDate.slice(0, 4)) : null,
      runtime: d.runtime || null,
      status: emptyToNull(d.status),
      contentRating: usCertification(d),
      rating: d.vote_average ?? null,
      votes: d.vote_count ?? null,
      popularity: d.popularity ?? null,
      budget: d.budget || null,
      revenue: d.revenue || null,
      homepage: emptyToNull(d.homepage),
      adult: d.adult ?? false,
      externalIds: ext ?? {},
    },
    genres: d.genres.map((g) => ({ tmdbId: g.id, name: g.name })),
    companies: d.production_companies.map((p) => ({
      tmdbId: p.id,
      name: p.name,
      logoPath: p.logo_path ?? null,
      originCountry: emptyToNull(p.origin_country),
    })),
    countries: d.production_countries.map((c) => ({ iso: c.iso_3166_1, name: c.name })),
    keywords: (d.keywords?.keywords ?? []).map((k) => ({ tmdbId: k.id, name: k.name })),
    people: [...people.values()],
    cast,
    crew,
    images: (
      [
        ['poster', images.posters],
        ['backdrop', images.backdrops],
        ['logo', images.logos],
      ] as const
    ).flatMap(([type, list]) =>
      list.map((img) => ({
        type,
        filePath: img.file_path,
        width: img.width || null,
        height: img.height || null,
        aspectRatio: img.aspect_ratio ?? null,
        voteAverage: img.vote_average ?? null,
        voteCount: img.vote_count ?? null,
        language: img.iso_639_1 ?? null,
      })),
    ),
    videos: (d.videos?.results ?? []).flatMap((v) => {
      const type = VIDEO_TYPES[v.type];
      return type
        ? [
            {
              type,
              providerVideoId: v.id,
              name: v.name,
              site: v.site,
              key: v.key,
              size: v.size ?? null,
              publishedAt: v.published_at ?? null,
              official: v.official ?? null,
              language: v.iso_639_1 ?? null,
              country: v.iso_3166_1 ?? null,
            },
          ]
        : [];
    }),
    collection: d.belongs_to_collection
      ? { tmdbId: d.belongs_to_collection.id, name: d.belongs_to_collection.name }
      : null,
  };
}
