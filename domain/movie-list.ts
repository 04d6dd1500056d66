// The movie list's query: filters, sort and a keyset cursor (the last row's sort value and id), so
// a page never repeats or skips a movie when others are added or removed meanwhile.
import { z } from '@hono/zod-openapi';
import { ASSET_TYPES } from './types.js';
import { COMPLETENESS_WEIGHTS } from './completeness.js';

export const MOVIE_LIST_STATUSES = [
  'unidentified',
  'needs_identification',
  'identified',
  'enriched',
  'published',
  /** The file is gone from its library (found missing by a scan). */
  'file_missing',
] as const;
export const MOVIE_SORTS = ['id', 'title', 'year', 'completeness'] as const;
export type MovieSort = (typeof MOVIE_SORTS)[number];

/** What `missing=` can name: an artwork type with nothing selected, or a field completeness counts. */
export const MISSING_NAMES = [...new Set([...ASSET_TYPES, ...Object.keys(COMPLETENESS_WEIGHTS)])] as string[];

const INT4_MAX = 2_147_483_647;
const rowId = z.number().int().min(1).max(INT4_MAX);
/** The sort key's type per sort (SORT_KEYS in db/movie-view.ts): a cursor holding another cannot be compared. */
const cursorShape = z.union([
  z.tuple([z.literal('id'), rowId, rowId]),
  z.tuple([z.literal('title'), z.string().max(1000), rowId]),
  z.tuple([z.enum(['year', 'completeness']), z.number().int().min(0).max(INT4_MAX), rowId]),
]);
export type MovieCursor = { sort: MovieSort; value: string | number; id: number };

export function encodeCursor(c: MovieCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString('base64url');
}

/** The cursor, or undefined when it is not one this API made. */
export function decodeCursor(s: string): MovieCursor | undefined {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    return parsed.success ? { sort: parsed.data[0], value: parsed.data[1], id: parsed.data[2] } : undefined;
  } catch {
    return undefined;
  }
}

const percent = z.coerce.number().int().min(0).max(100);

export const movieListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'the `nextCursor` of the previous page; the other parameters must stay the same' }),
    sort: z.enum(MOVIE_SORTS).default('id'),
    status: z.enum(MOVIE_LIST_STATUSES).optional(),
    library: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
    q: z
      .string()
      .min(1)
      .max(200)
      .refine((s) => !s.includes('\0'), 'must not contain NUL characters')
      .optional()
      .openapi({ description: 'part of the title or original title, or a TMDB id or IMDb id' }),
    missing: z
      .string()
      .max(500)
      .transform((s, ctx) => {
        const names = s.split(',').map((n) => n.trim());
        for (const n of names)
          if (!MISSING_NAMES.includes(n)) {
            ctx.addIssue({ code: 'custom', message: `"${n}" is not one of ${MISSING_NAMES.join(', ')}` });
            return z.NEVER;
          }
        return [...new Set(names)];
      })
      .optional()
      .openapi({ description: 'comma-separated artwork types or fields the movie lacks, e.g. `poster,plot`' }),
    completenessBelow: percent.optional().openapi({ description: 'completeness under this percentage' }),
    completenessAtLeast: percent.optional().openapi({ description: 'completeness of at least this percentage' }),
  })
  .superRefine((q, ctx) => {
    if (q.cursor === undefined) return;
    const c = decodeCursor(q.cursor);
    if (!c) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'not a cursor this API gave out' });
    else if (c.sort !== q.sort)
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: `the cursor is for sort=${c.sort}` });
  });
export type MovieListQuery = z.infer<typeof movieListQuery>;

export const movieSummary = z
  .object({
    id: z.number().int(),
    title: z.string(),
    year: z.number().int().nullable(),
    tmdbId: z.number().int().nullable(),
    imdbId: z.string().nullable(),
    libraryId: z.number().int().nullable(),
    identificationStatus: z.string(),
    completenessPct: z.number().int(),
    missing: z.array(z.string()),
    fileMissing: z.boolean(),
    enrichedAt: z.string().nullable(),
    posterSha256: z.string().nullable().openapi({ description: 'the first selected poster: `/api/cache/{sha256}`' }),
  })
  .openapi('MovieSummary');
export type MovieSummary = z.infer<typeof movieSummary>;

export const movieList = z
  .object({
    movies: z.array(movieSummary),
    total: z.number().int().openapi({ description: 'movies matching the filters, over all pages' }),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page' }),
  })
  .openapi('MovieList');
