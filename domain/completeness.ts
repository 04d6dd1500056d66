/** Completeness weight per field (total 56). */
export const COMPLETENESS_WEIGHTS = {
  title: 10,
  plot: 8,
  release_date: 6,
  runtime: 4,
  content_rating: 4,
  poster: 8,
  fanart: 4,
  imdb_rating: 4,
  genres: 4,
  directors: 4,
} as const;

export type CompletenessField = keyof typeof COMPLETENESS_WEIGHTS;
export type CompletenessInput = Record<CompletenessField, unknown>;

const present = (v: unknown) =>
  !(v === null || v === undefined || v === '' || v === 0 || (typeof v === 'number' && Number.isNaN(v)));

/** Weighted completeness percentage and the fields still missing (counts for lists and assets). */
export function completeness(input: CompletenessInput): { pct: number; missing: CompletenessField[] } {
  const fields = Object.keys(COMPLETENESS_WEIGHTS) as CompletenessField[];
  const total = fields.reduce((s, f) => s + COMPLETENESS_WEIGHTS[f], 0);
  const missing = fields.filter((f) => !present(input[f]));
  const filled = total - missing.reduce((s, f) => s + COMPLETENESS_WEIGHTS[f], 0);
  return { pct: Math.round((filled / total) * 100), missing };
}

export type CompletenessClass = 'enriched' | 'partial' | 'unenriched';

export function classify(pct: number): CompletenessClass {
  return pct >= 90 ? 'enriched' : pct >= 60 ? 'partial' : 'unenriched';
}
