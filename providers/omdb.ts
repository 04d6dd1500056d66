import { omdbResponse, type OmdbMovie } from '../domain/schemas.js';
import { ProviderError, QuotaExhausted } from './errors.js';
import { getJson } from './http.js';

export interface OmdbOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** A larger answer is refused before it is parsed. */
  maxBodyBytes?: number;
}

/** OMDb client: one request per movie, by IMDb id, with the short plot (our outline). */
export class OmdbClient {
  constructor(private readonly opts: OmdbOptions) {}

  /** The movie, or null when OMDb does not know the IMDb id. */
  async movie(imdbId: string): Promise<OmdbMovie | null> {
    if (!/^tt\d+$/.test(imdbId))
      throw new ProviderError('omdb', 'bad_request', `not an IMDb id: ${JSON.stringify(imdbId)}`);
    const url = new URL(`${this.opts.apiUrl}/`);
    url.searchParams.set('i', imdbId);
    url.searchParams.set('plot', 'short');
    url.searchParams.set('apikey', this.opts.apiKey);
    let res;
    try {
      // OMDb answers a bad key and a spent daily limit with 401 and its JSON error body.
      res = await getJson('omdb', url, omdbResponse, {
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        maxBodyBytes: this.opts.maxBodyBytes,
        parseStatuses: [401],
      });
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return null;
      throw err;
    }
    if (res.Response === 'True') return res;
    // Errors come as 200 with Response "False".
    const message = res.Error;
    if (/api key/i.test(message)) throw new ProviderError('omdb', 'auth', `${message} (check OMDB_API_KEY)`);
    if (/not found|incorrect imdb id/i.test(message)) return null;
    // The daily quota is spent: nothing will succeed before it resets.
    if (/limit/i.test(message)) throw new QuotaExhausted('omdb', message);
    throw new ProviderError('omdb', 'server', `error answer: ${message}`);
  }
}
