import { fanartMovieResponse, type FanartMovieResponse } from '../domain/schemas.js';
import { ProviderError } from './errors.js';
import { getJson } from './http.js';

export interface FanartOptions {
  apiUrl: string;
  /** Project key. */
  apiKey: string;
  /** Personal (VIP) key: sees new images without the 7-day delay. */
  clientKey?: string | undefined;
  timeoutMs?: number;
  /** A larger answer is refused before it is parsed. */
  maxBodyBytes?: number;
}

/** Fanart.tv v3 client (movies). */
export class FanartClient {
  constructor(private readonly opts: FanartOptions) {}

  /** The movie's artwork; null when Fanart.tv has none (its 404 is an answer, not an error). */
  async movie(id: number | string): Promise<FanartMovieResponse | null> {
    const url = new URL(`${this.opts.apiUrl}/movies/${encodeURIComponent(String(id))}`);
    url.searchParams.set('api_key', this.opts.apiKey);
    if (this.opts.clientKey) url.searchParams.set('client_key', this.opts.clientKey);
    try {
      return await getJson('fanart.tv', url, fanartMovieResponse, {
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        maxBodyBytes: this.opts.maxBodyBytes,
      });
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return null;
      throw err;
    }
  }
}
