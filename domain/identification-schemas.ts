// The identification edge: what the search and identify routes take and answer.
import { z } from 'zod';

/** PostgreSQL's integer: TMDB ids are stored in one. */
const INT4_MAX = 2_147_483_647;

/** `?q=&year=`: both optional; the movie's own title and year stand in for what is left out. */
export const searchQuery = z.object({
  // Only sent to TMDB, never stored: any text with something besides spaces will do (the URL's
  // own limit bounds it).
  q: z.string().regex(/\S/, 'something besides spaces').trim().optional(),
  // The range is in the pattern, so the description says exactly what is accepted.
  year: z
    .string()
    .regex(/^(18[7-9]\d|19\d\d|20\d\d|2100)$/, 'a year from 1870 to 2100')
    .transform(Number)
    .optional(),
});

export const identifyBody = z.object({ tmdbId: z.number().int().positive().max(INT4_MAX) }).strict();

export const searchResult = z.object({
  tmdbId: z.number().int(),
  title: z.string(),
  originalTitle: z.string().nullable(),
  year: z.number().int().nullable(),
  overview: z.string().nullable(),
  /** TMDB's small (w185) poster; null when TMDB has none. */
  posterUrl: z.string().nullable(),
  popularity: z.number().nullable(),
  /** 0–100: how well title and year match the query. */
  score: z.number().int().min(0).max(100),
});

export const searchResponse = z.object({
  movieId: z.number().int(),
  /** What was searched: the request's, or the movie's own title and year. */
  query: z.object({ q: z.string(), year: z.number().int().nullable() }),
  /** Best match first. */
  results: z.array(searchResult),
});

export const identifyResponse = z.object({
  movieId: z.number().int(),
  tmdbId: z.number().int(),
  workflowId: z.string(),
  runId: z.string(),
  /** The run that only waited for a review and gave way to this one. */
  supersededRunId: z.string().optional(),
});
