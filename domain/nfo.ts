// The Kodi movie NFO. Built with XMLBuilder, which
// escapes text and attributes, from a plain object: the same data always gives the same bytes, so
// an unchanged movie is not rewritten.
import { XMLBuilder } from 'fast-xml-parser';

export interface NfoRating {
  name: 'tmdb' | 'imdb';
  value: number;
  votes: number | null;
}

export interface NfoActor {
  name: string;
  role: string | null;
  order: number | null;
  /** Relative to the NFO's folder (`.actors/Name.jpg`); null when the actor has no cached headshot. */
  thumb: string | null;
}

export interface NfoMovie {
  title: string;
  originalTitle: string | null;
  sortTitle: string | null;
  /** Kodi marks one rating default: TMDB's when there is one. */
  ratings: NfoRating[];
  userRating: number | null;
  outline: string | null;
  plot: string | null;
  tagline: string | null;
  runtime: number | null;
  contentRating: string | null;
  tmdbId: number | null;
  imdbId: string | null;
  genres: string[];
  countries: string[];
  set: { name: string; overview: string | null } | null;
  tags: string[];
  writers: string[];
  directors: string[];
  /** `YYYY-MM-DD`. */
  releaseDate: string | null;
  year: number | null;
  studios: string[];
  /** The published trailer's file name, relative to the NFO's folder like the thumbs; null without one. */
  trailer: string | null;
  actors: NfoActor[];
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // `default="true"` must be written out: Kodi reads the value, and bare attributes are not XML.
  suppressBooleanAttributes: false,
  format: true,
  indentBy: '  ',
});

// XML 1.0 cannot carry most control characters even escaped; a stray one from a provider would
// make the whole file unreadable.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const text = (v: string | null): string | undefined => {
  const cleaned = v?.replace(NOT_XML, '').trim();
  return cleaned ? cleaned : undefined;
};
const texts = (vs: string[]) => vs.map(text).filter((v): v is string => v !== undefined);
const num = (v: number | null): number | undefined => (v === null || !Number.isFinite(v) ? undefined : v);

/**
 * The NFO's text, elements in Kodi's order, each only when it has a value; never a movie-level thumb
 * or fanart URL, and a trailer only as the local file published beside it, never a site's URL.
 */
export function buildMovieNfo(m: NfoMovie): string {
  const defaultRating = m.ratings.some((r) => r.name === 'tmdb') ? 'tmdb' : m.ratings[0]?.name;
  const defaultId = m.tmdbId !== null ? 'tmdb' : 'imdb';
  const uniqueIds = [
    ...(m.tmdbId !== null ? [{ type: 'tmdb', id: String(m.tmdbId) }] : []),
    ...(text(m.imdbId) ? [{ type: 'imdb', id: text(m.imdbId)! }] : []),
  ];
  const movie = {
    title: text(m.title),
    originaltitle: text(m.originalTitle),
    sorttitle: text(m.sortTitle),
    ratings: m.ratings.length
      ? {
          rating: m.ratings.map((r) => ({
            '@name': r.name,
            '@max': '10',
            ...(r.name === defaultRating ? { '@default': 'true' } : {}),
            value: r.value,
            votes: num(r.votes),
          })),
        }
      : undefined,
    // Kodi reads userrating as a whole number from 0 to 10.
    userrating: m.userRating === null ? undefined : Math.round(m.userRating),
    outline: text(m.outline),
    plot: text(m.plot),
    tagline: text(m.tagline),
    runtime: num(m.runtime),
    mpaa: text(m.contentRating),
    uniqueid: uniqueIds.map((u) => ({
      '@type': u.type,
      ...(u.type === defaultId ? { '@default': 'true' } : {}),
      '#text': u.id,
    })),
    genre: texts(m.genres),
    country: texts(m.countries),
    set: m.set && text(m.set.name) ? { name: text(m.set.name), overview: text(m.set.overview) } : undefined,
    tag: texts(m.tags),
    credits: texts(m.writers),
    director: texts(m.directors),
    premiered: text(m.releaseDate),
    year: num(m.year),
    studio: texts(m.studios),
    trailer: text(m.trailer),
    actor: m.actors
      .filter((a) => text(a.name))
      .map((a) => ({ name: text(a.name), role: text(a.role), order: num(a.order), thumb: text(a.thumb) })),
  };
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8', '@standalone': 'yes' },
    movie: dropEmpty(movie),
  }) as string;
}

/** Undefined values and empty lists would otherwise become empty elements. */
function dropEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}
