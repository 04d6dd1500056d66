// Every zod schema: what crosses an edge (HTTP bodies, provider responses) is parsed here once.
import { z } from 'zod';
import { LOCKABLE, isLockable, type EditableList, type EditableScalar } from './locks.js';
import { FILE_EXTENSION } from './image-format.js';
import { ASSET_TYPES, type ImageFormat } from './types.js';

// ---------- API bodies ----------

const imdbId = z.string().regex(/^tt\d{6,10}$/, 'an IMDb id such as tt0133093');

/** PostgreSQL's integer: every id and count we store is one. */
const INT4_MAX = 2_147_483_647;
const dbId = z.number().int().positive().max(INT4_MAX);

/** Text without NUL characters, which PostgreSQL cannot store. */
const safeString = () => z.string().refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

/** No name twice: a repeated entry is a mistake in the request, not something to guess about. */
const unique = <T extends z.ZodType>(items: z.ZodArray<T>) =>
  items.superRefine((values, ctx) => {
    const seen = new Set<unknown>();
    for (const [i, v] of values.entries()) {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(v)} is named twice` });
      seen.add(v);
    }
  });

export const registerMovieBody = z
  .object({
    tmdbId: dbId.optional(),
    imdbId: imdbId.optional(),
    title: safeString().trim().min(1).max(500).optional(),
    year: z.number().int().min(1870).max(2100).optional(),
    path: safeString().min(1).max(4096).optional(),
  })
  .strict()
  .refine((b) => b.tmdbId !== undefined || b.imdbId !== undefined || (b.title !== undefined && b.year !== undefined), {
    message: 'give tmdbId, imdbId, or title and year',
    path: ['tmdbId'],
  });
export type RegisterMovieBody = z.infer<typeof registerMovieBody>;

export const enrichBody = z
  .object({
    force: z.boolean().optional(),
    /** End a run of the movie that only waits for a review, and start afresh. */
    supersede: z.boolean().optional(),
  })
  .strict();

/** `POST /api/libraries`: a movie library at a folder inside the library roots. */
export const libraryBody = z
  .object({
    name: safeString().trim().min(1).max(200),
    path: safeString().min(1).max(4096),
    /** Enrich the films a scan registers (at the scan's low priority); default true. */
    autoEnrich: z.boolean().optional(),
  })
  .strict();

/** `POST /api/enrich/bulk`: every monitored movie (`{}`), a library's, a list, or those whose last run failed. */
export const bulkBody = z
  .object({
    libraryId: dbId.optional(),
    movieIds: unique(z.array(dbId).min(1).max(100_000)).optional(),
    status: z.literal('failed').optional(),
  })
  .strict()
  .refine((b) => [b.libraryId, b.movieIds, b.status].filter((v) => v !== undefined).length <= 1, {
    message: 'give at most one of libraryId, movieIds and status',
    path: ['libraryId'],
  });

/** An id in a URL: plain decimal digits ("1e3", "0x10", "+5" and "007" are not ids) within int4. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'a positive whole number in decimal digits')
  .transform(Number)
  .refine((n) => n <= INT4_MAX, `at most ${INT4_MAX}`);

const text = (max: number) => safeString().trim().max(max).nullable();
const names = unique(z.array(safeString().trim().min(1).max(300)).max(200));

/** `PATCH /api/movies/:id`: the fields a user changes (each gets locked); null clears a field. */
export const movieEditBody = z
  .object({
    title: safeString().trim().min(1).max(500),
    original_title: text(500),
    sort_title: text(500),
    year: z.number().int().min(1870).max(2100).nullable(),
    release_date: z.iso.date().nullable(),
    plot: text(20_000),
    outline: text(2_000),
    tagline: text(1_000),
    runtime: z.number().int().min(0).max(10_000).nullable(),
    content_rating: text(50),
    user_rating: z.number().min(0).max(10).nullable(),
    genres: names,
    studios: names,
    countries: names,
    tags: names,
    directors: names,
    writers: names,
  } satisfies Record<EditableScalar | EditableList, z.ZodType>)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });
export type MovieEditBody = z.infer<typeof movieEditBody>;

const lockName = z.string().refine(isLockable, {
  error: (issue) => `unknown lockable field ${JSON.stringify(issue.input)} (known: ${LOCKABLE.join(', ')})`,
});

/** `POST /api/movies/:id/review`: approve (optionally with artwork picks per type, best first) or reject. */
export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    picks: z.partialRecord(z.enum(ASSET_TYPES), unique(z.array(dbId)).min(1).max(10)).optional(),
  })
  .strict();

/** `POST /api/movies/:id/locks`: fields, lists and artwork types to lock or unlock. */
export const locksBody = z
  .object({ lock: unique(z.array(lockName)).default([]), unlock: unique(z.array(lockName)).default([]) })
  .strict()
  .refine((b) => b.lock.length + b.unlock.length > 0, { message: 'name something to lock or unlock' })
  .refine((b) => !b.lock.some((n) => b.unlock.includes(n)), {
    message: 'a field cannot be locked and unlocked at once',
    path: ['unlock'],
  });

/** `GET /api/webhooks/events?limit=`: how many of the newest events. */
export const webhookEventsQuery = z.object({
  limit: idParam.pipe(z.number().max(500, 'at most 500')).default(50),
  /** The `nextCursor` of the previous page: events older than that one. */
  cursor: idParam.optional(),
  source: z.enum(['radarr', 'sonarr']).optional(),
  outcome: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'an outcome such as enrichment_started, invalid or refused')
    .optional(),
});

// ---------- Webhook payloads (Radarr, Sonarr) ----------
// Only the fields we use are checked; everything else the sender adds passes through unread.

/** A file as Radarr describes it: `path` is absolute, `relativePath` is below the movie's folder. */
const radarrFile = z.object({
  path: safeString().min(1).max(4096).optional(),
  relativePath: safeString().min(1).max(4096).optional(),
});
export type RadarrFile = z.infer<typeof radarrFile>;

const radarrMovie = z.object({
  title: safeString().trim().max(500).optional(),
  // Radarr sends 0 for an unknown year or id, and may send an empty IMDb id.
  year: z.number().int().min(0).max(2100).optional(),
  tmdbId: z.number().int().min(0).max(INT4_MAX).optional(),
  imdbId: z
    .union([z.literal(''), imdbId])
    .nullable()
    .optional(),
  folderPath: safeString().min(1).max(4096).optional(),
});

const RADARR_NEEDS_MOVIE = ['Download', 'Rename', 'MovieRename', 'MovieFileDelete', 'MovieFileDeleted'];

/** A Radarr webhook call: `Download` needs its `movie` and `movieFile`, renames and deletes their `movie`. */
export const radarrWebhook = z
  .object({
    eventType: safeString().min(1).max(100),
    movie: radarrMovie.optional(),
    movieFile: radarrFile.optional(),
    renamedMovieFiles: z.array(radarrFile).optional(),
    deleteReason: safeString().max(100).nullable().optional(),
  })
  .superRefine((p, ctx) => {
    if (RADARR_NEEDS_MOVIE.includes(p.eventType) && !p.movie)
      ctx.addIssue({ code: 'custom', path: ['movie'], message: `required for ${p.eventType}` });
    if (p.eventType === 'Download' && !p.movieFile)
      ctx.addIssue({ code: 'custom', path: ['movieFile'], message: 'required for Download' });
  });
export type RadarrWebhook = z.infer<typeof radarrWebhook>;

/** A Sonarr webhook call: only stored for now, so only its event type is required. */
export const sonarrWebhook = z.object({ eventType: safeString().min(1).max(100) });

// ---------- TMDB responses ----------

const nullableString = z.string().nullable().optional();

const tmdbImage = z.object({
  file_path: z.string().min(1),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  aspect_ratio: z.number().optional(),
  iso_639_1: z.string().nullable(),
  vote_average: z.number().optional(),
  vote_count: z.number().int().optional(),
});
export type TmdbImage = z.infer<typeof tmdbImage>;

const tmdbPerson = z.object({
  id: z.number().int(),
  name: z.string(),
  profile_path: nullableString,
  popularity: z.number().optional(),
  gender: z.number().int().nullable().optional(),
  known_for_department: nullableString,
});

export const tmdbMovieDetails = z.object({
  id: z.number().int().positive(),
  imdb_id: nullableString,
  title: z.string().min(1),
  original_title: nullableString,
  original_language: nullableString,
  overview: nullableString,
  tagline: nullableString,
  release_date: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/)
    .nullable()
    .optional(),
  runtime: z.number().int().nullable().optional(),
  status: nullableString,
  budget: z.number().nullable().optional(),
  revenue: z.number().nullable().optional(),
  homepage: nullableString,
  popularity: z.number().nullable().optional(),
  vote_average: z.number().nullable().optional(),
  vote_count: z.number().int().nullable().optional(),
  adult: z.boolean().optional(),
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
  production_companies: z
    .array(
      z.object({ id: z.number().int(), name: z.string(), logo_path: nullableString, origin_country: nullableString }),
    )
    .default([]),
  production_countries: z.array(z.object({ iso_3166_1: z.string(), name: z.string() })).default([]),
  belongs_to_collection: z.object({ id: z.number().int(), name: z.string() }).nullable().optional(),
  credits: z
    .object({
      cast: z.array(tmdbPerson.extend({ character: nullableString, order: z.number().int().optional() })),
      crew: z.array(tmdbPerson.extend({ job: z.string(), department: nullableString })),
    })
    .optional(),
  external_ids: z
    .object({
      imdb_id: nullableString,
      tvdb_id: z.number().int().nullable().optional(),
      wikidata_id: nullableString,
      facebook_id: nullableString,
      instagram_id: nullableString,
      twitter_id: nullableString,
    })
    .optional(),
  release_dates: z
    .object({
      results: z.array(
        z.object({
          iso_3166_1: z.string(),
          release_dates: z.array(z.object({ certification: z.string(), type: z.number().int() })),
        }),
      ),
    })
    .optional(),
  keywords: z.object({ keywords: z.array(z.object({ id: z.number().int(), name: z.string() })) }).optional(),
  videos: z
    .object({
      results: z.array(
        z.object({
          id: z.string(),
          key: z.string(),
          name: z.string(),
          site: z.string(),
          size: z.number().int().optional(),
          type: z.string(),
          official: z.boolean().optional(),
          published_at: nullableString,
          iso_639_1: nullableString,
          iso_3166_1: nullableString,
        }),
      ),
    })
    .optional(),
  images: z
    .object({
      posters: z.array(tmdbImage).default([]),
      backdrops: z.array(tmdbImage).default([]),
      logos: z.array(tmdbImage).default([]),
    })
    .optional(),
});
export type TmdbMovieDetails = z.infer<typeof tmdbMovieDetails>;

const tmdbMovieResult = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  original_title: nullableString,
  release_date: nullableString,
  popularity: z.number().optional(),
  overview: nullableString,
  poster_path: nullableString,
});
export type TmdbMovieResult = z.infer<typeof tmdbMovieResult>;

export const tmdbFindResponse = z.object({ movie_results: z.array(tmdbMovieResult) });
export const tmdbSearchResponse = z.object({
  page: z.number().int(),
  results: z.array(tmdbMovieResult),
  total_results: z.number().int(),
});

// ---------- Fanart.tv responses ----------

const fanartImage = z.object({
  id: z.string().min(1),
  url: z.string().url(),
  lang: z.string(),
  /** A numeric string in Fanart.tv's answers. */
  likes: z.string().regex(/^\d+$/, 'a count as a numeric string'),
});
export type FanartImage = z.infer<typeof fanartImage>;

const fanartImages = z.array(fanartImage).optional();

export const fanartMovieResponse = z.object({
  name: z.string().optional(),
  tmdb_id: z.string().optional(),
  imdb_id: z.string().optional(),
  hdmovielogo: fanartImages,
  movielogo: fanartImages,
  hdmovieclearart: fanartImages,
  movieart: fanartImages,
  movieposter: fanartImages,
  moviebackground: fanartImages,
  moviebanner: fanartImages,
  moviethumb: fanartImages,
  moviedisc: z.array(fanartImage.extend({ disc: z.string().optional(), disc_type: z.string().optional() })).optional(),
});
export type FanartMovieResponse = z.infer<typeof fanartMovieResponse>;

// ---------- OMDb responses ----------

export const omdbError = z.object({ Response: z.literal('False'), Error: z.string() });

export const omdbMovie = z.object({
  Response: z.literal('True'),
  Title: z.string(),
  Year: z.string(),
  Rated: z.string(),
  Released: z.string(),
  Runtime: z.string(),
  Genre: z.string(),
  Director: z.string(),
  Writer: z.string(),
  Actors: z.string(),
  Plot: z.string(),
  Language: z.string(),
  Country: z.string(),
  Awards: z.string(),
  Poster: z.string(),
  Ratings: z.array(z.object({ Source: z.string(), Value: z.string() })).default([]),
  Metascore: z.string(),
  imdbRating: z.string(),
  imdbVotes: z.string(),
  imdbID: z.string().regex(/^tt\d+$/),
});
export type OmdbMovie = z.infer<typeof omdbMovie>;

export const omdbResponse = z.union([omdbMovie, omdbError]);

// ---------- Database rows publishing builds the NFO and the layout from ----------

/** The `movies` row publishing reads. */
export const publishMovieRow = z.object({
  id: z.number(),
  file_path: z.string().nullable(),
  title: z.string(),
  original_title: z.string().nullable(),
  sort_title: z.string().nullable(),
  tagline: z.string().nullable(),
  plot: z.string().nullable(),
  outline: z.string().nullable(),
  runtime: z.number().nullable(),
  year: z.number().nullable(),
  release_date: z.string().nullable(),
  content_rating: z.string().nullable(),
  tmdb_id: z.number().nullable(),
  imdb_id: z.string().nullable(),
  tmdb_rating: z.number().nullable(),
  tmdb_votes: z.number().nullable(),
  imdb_rating: z.number().nullable(),
  imdb_votes: z.number().nullable(),
  user_rating: z.number().nullable(),
});

/** A selected candidate with its blob. */
export const publishAssetRow = z.object({
  id: z.number(),
  asset_type: z.enum(ASSET_TYPES),
  sha256: z.string().nullable(),
  file_path: z.string().nullable(),
  format: z.enum(Object.keys(FILE_EXTENSION) as [ImageFormat, ...ImageFormat[]]).nullable(),
});

/** A linked, not removed, actor. */
export const publishActorRow = z.object({
  name: z.string(),
  role: z.string().nullable(),
  actor_order: z.number().nullable(),
  image_cache_path: z.string().nullable(),
});
