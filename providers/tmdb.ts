import {
  tmdbFindResponse,
  tmdbMovieDetails,
  tmdbSearchResponse,
  type TmdbMovieDetails,
  type TmdbMovieResult,
} from '../domain/schemas.js';
import { getJson } from './http.js';

export const TMDB_APPENDS = 'credits,external_ids,release_dates,keywords,videos,images';

export interface TmdbOptions {
  apiUrl: string;
  imageUrl: string;
  apiKey: string;
  /** ISO 639-1 preferred language; requests use `{lang}-US`-style locales only for metadata. */
  language: string;
  timeoutMs?: number;
  /** A larger answer is refused before it is parsed. */
  maxBodyBytes?: number;
}

const locale = (lang: string) => (lang === 'en' ? 'en-US' : lang);

/** TMDB v3 client. A v4 read token (a JWT) is sent as a Bearer header, a v3 key as `api_key`. */
export class TmdbClient {
  constructor(private readonly opts: TmdbOptions) {}

  private get isBearer(): boolean {
    return this.opts.apiKey.startsWith('eyJ');
  }

  private url(path: string, params: Record<string, string | number | undefined>): URL {
    const url = new URL(`${this.opts.apiUrl}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    if (!this.isBearer) url.searchParams.set('api_key', this.opts.apiKey);
    return url;
  }

  private get headers(): Record<string, string> {
    return this.isBearer ? { authorization: `Bearer ${this.opts.apiKey}` } : {};
  }

  private get request() {
    return { headers: this.headers, timeoutMs: this.opts.timeoutMs ?? 10_000, maxBodyBytes: this.opts.maxBodyBytes };
  }

  movie(tmdbId: number): Promise<TmdbMovieDetails> {
    const lang = this.opts.language;
    const url = this.url(`/movie/${tmdbId}`, {
      language: locale(lang),
      append_to_response: TMDB_APPENDS,
      // Textless images and English fallbacks as well as the preferred language.
      include_image_language: [...new Set([lang, 'en', 'null'])].join(','),
    });
    return getJson('tmdb', url, tmdbMovieDetails, this.request);
  }

  async findByImdbId(imdbId: string): Promise<TmdbMovieResult[]> {
    const url = this.url(`/find/${encodeURIComponent(imdbId)}`, { external_source: 'imdb_id' });
    const res = await getJson('tmdb', url, tmdbFindResponse, this.request);
    return res.movie_results;
  }

  /** `language` gives the results' titles and overviews in it (without it, TMDB's default: English). */
  async searchMovie(query: string, opts: { year?: number; language?: string } = {}): Promise<TmdbMovieResult[]> {
    const { year, language } = opts;
    const url = this.url('/search/movie', {
      query,
      year,
      language: language === undefined ? undefined : locale(language),
      include_adult: 'false',
      page: 1,
    });
    const res = await getJson('tmdb', url, tmdbSearchResponse, this.request);
    return res.results;
  }

  /** Enrichment always downloads originals. */
  imageUrl(filePath: string): string {
    return `${this.opts.imageUrl}/original${filePath}`;
  }

  /** A small poster for a list of search results (TMDB's w185). */
  thumbnailUrl(filePath: string): string {
    return `${this.opts.imageUrl}/w185${filePath}`;
  }
}
