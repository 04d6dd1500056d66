// Which of a movie's cast get their headshot fetched: the first twenty in credit order (the whole
// cast stays linked), each person once however many films list them, never over a locked image.

/** Only this many cast members, in credit order, get a headshot; the rest are linked without one. */
export const HEADSHOT_LIMIT = 20;
/** Headshots fetched at once per movie. */
export const HEADSHOT_CONCURRENCY = 5;

/** One of a movie's first cast members, with what decides whether their headshot is fetched. */
export interface CastHeadshotState {
  actorId: number;
  name: string;
  /** TMDB's path of their headshot, null when TMDB has none or the person has no TMDB id. */
  profilePath: string | null;
  hasImage: boolean;
  imageLocked: boolean;
}

/** Why a cast member's headshot is not fetched; null when it is. */
export function headshotSkipReason(m: CastHeadshotState): 'locked' | 'cached' | 'no headshot' | null {
  if (m.imageLocked) return 'locked';
  if (m.hasImage) return 'cached';
  if (!m.profilePath) return 'no headshot';
  return null;
}

/** What the headshot step did for one movie. */
export interface HeadshotReport {
  /** Cast members considered: the first `HEADSHOT_LIMIT` in credit order. */
  considered: number;
  downloaded: number;
  /** Already had their image (from another film's run): not fetched again. */
  cached: number;
  locked: number;
  /** TMDB has no headshot for them. */
  missing: number;
  failed: { actorId: number; name: string; reason: string }[];
  /** The step itself failed (after its retries): the counts are unknown; headshots stored before the failure stay. */
  error?: string;
}
