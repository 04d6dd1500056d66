// The API key: API_KEY when set, else one generated on first start and kept in the data folder.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_KEY_FORMAT } from '../lib/config.js';

/** Where the generated key is kept (the `enrich` CLI reads it from there too). */
export const apiKeyFile = (dataDir: string) => join(dataDir, 'api-key');

/** Returns the key and whether it was created now (the caller prints a new key once). */
export async function loadOrCreateApiKey(dataDir: string): Promise<{ key: string; created: boolean }> {
  const file = apiKeyFile(dataDir);
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (API_KEY_FORMAT.test(key)) return { key, created: false };
    throw new Error(
      `${file} does not hold a valid API key (16 to 256 printable characters): delete it to get a new one`,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(24).toString('hex');
  // `wx`: two processes starting at once never overwrite each other's key.
  try {
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateApiKey(dataDir);
    throw err;
  }
  return { key, created: true };
}
