// A film registered as the tests' libraries hold them: `{data}/library/{name}/{name}.mkv`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { call, type Harness } from './harness.js';

/** Registers TMDB film `tmdbId` at a new, empty video file in a folder named `name`. */
export async function registerInLibrary(
  h: Harness,
  tmdbId: number,
  name: string,
): Promise<{ id: number; folder: string }> {
  const folder = join(h.config.dataDir, 'library', name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${name}.mkv`), '');
  const res = await call(h.api, 'POST', '/api/movies', { tmdbId, path: join(folder, `${name}.mkv`) });
  expect(res.status).toBe(201);
  return { id: res.body.id, folder };
}
