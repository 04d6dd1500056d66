import type { FanartMovieResponse } from './schemas.js';

/** A Fanart.tv image as the provider cache stores it. */
export interface FanartCacheImage {
  imageType: 'clearlogo' | 'clearart' | 'poster' | 'backdrop' | 'banner' | 'landscape' | 'discart';
  providerImageId: string;
  url: string;
  width: number;
  height: number;
  language: string | null;
  likes: number;
  isHd: boolean;
  discNumber: number | null;
  discType: string | null;
}

/**
 * Every Fanart.tv movie type mapped (moviebackground feeds the fanart asset type through the
 * `backdrop` image type, as TMDB's backdrops do). Fanart.tv reports no dimensions, so each
 * type gets its nominal size.
 */
const TYPES: Record<
  Exclude<keyof FanartMovieResponse, 'name' | 'tmdb_id' | 'imdb_id'>,
  [FanartCacheImage['imageType'], number, number, boolean]
> = {
  hdmovielogo: ['clearlogo', 800, 310, true],
  movielogo: ['clearlogo', 400, 155, false],
  hdmovieclearart: ['clearart', 1000, 562, true],
  movieart: ['clearart', 500, 281, false],
  movieposter: ['poster', 1000, 1426, false],
  moviebackground: ['backdrop', 1920, 1080, false],
  moviebanner: ['banner', 1000, 185, false],
  moviethumb: ['landscape', 1000, 562, false],
  moviedisc: ['discart', 1000, 1000, false],
};

/** Likes count as votes with a nominal average of 7. */
export const FANART_VOTE_AVERAGE = 7;

export function fanartCacheImages(res: FanartMovieResponse): FanartCacheImage[] {
  const out: FanartCacheImage[] = [];
  for (const [field, [imageType, width, height, isHd]] of Object.entries(TYPES) as [
    keyof typeof TYPES,
    (typeof TYPES)[keyof typeof TYPES],
  ][]) {
    for (const img of (res[field] ?? []) as {
      id: string;
      url: string;
      lang: string;
      likes: string;
      disc?: string;
      disc_type?: string;
    }[]) {
      out.push({
        imageType,
        providerImageId: img.id,
        url: secureFanartUrl(img.url),
        width,
        height,
        language: img.lang === '00' || img.lang === '' ? null : img.lang,
        likes: Number(img.likes),
        isHd,
        discNumber: img.disc && /^\d+$/.test(img.disc) ? Number(img.disc) : null,
        discType: img.disc_type ?? null,
      });
    }
  }
  return out;
}

/** Fanart.tv still lists older images as `http://assets.fanart.tv/…`; the same files are served over https. */
export const secureFanartUrl = (url: string) =>
  url.replace(/^http:\/\/assets\.fanart\.tv\//i, 'https://assets.fanart.tv/');
