// `npm run fake-providers`: the fake TMDB on FAKE_PROVIDERS_PORT (default 3999), as `npm start` runs it in demo mode.
import { startFakeProviders } from './server.js';

const raw = process.env.FAKE_PROVIDERS_PORT ?? '3999';
const port = Number(raw);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`FAKE_PROVIDERS_PORT must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  process.exit(2);
}
const providers = await startFakeProviders({ port, host: '127.0.0.1' });
console.log(`fake TMDB API at ${providers.tmdbApiUrl}, images at ${providers.tmdbImageUrl}`);
const stop = () => void providers.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
