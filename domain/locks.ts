// What a user may edit and lock on a movie: every editable field has a lock column
// `{name}_locked`, set automatically by an edit; asset types and a few groups are lockable only.
import { ASSET_TYPES } from './types.js';

/** Scalar columns a user edits; each is protected by `{column}_locked`. */
export const EDITABLE_SCALARS = [
  'title',
  'original_title',
  'sort_title',
  'year',
  'release_date',
  'plot',
  'outline',
  'tagline',
  'runtime',
  'content_rating',
  'user_rating',
] as const;
export type EditableScalar = (typeof EDITABLE_SCALARS)[number];

/** Lists a user edits as a whole; a locked list is never rewritten. */
export const EDITABLE_LISTS = ['genres', 'studios', 'countries', 'tags', 'directors', 'writers'] as const;
export type EditableList = (typeof EDITABLE_LISTS)[number];

/** Everything `POST /api/movies/:id/locks` accepts: fields, lists, rating values, cast order, artwork types. */
export const LOCKABLE = [...EDITABLE_SCALARS, ...EDITABLE_LISTS, 'ratings', 'actors_order', ...ASSET_TYPES] as const;
export type Lockable = (typeof LOCKABLE)[number];

export const isLockable = (name: string): name is Lockable => (LOCKABLE as readonly string[]).includes(name);

export const lockColumn = (name: Lockable) => `${name}_locked`;
