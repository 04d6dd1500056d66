// Importing a library from disk: 200 folders in the naming styles users have (Radarr's default,
// Jellyfin's id tags, Kodi NFOs, scene names, a DVD, IMDb ids in file names, extras and samples, a
// folder holding two films, a film in two parts, and folders nothing identifies), scanned through
// the API; rescans change nothing, follow moved folders and mark vanished films missing.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, useHarness } from './support/harness.js';

const h = useHarness();

interface Film {
  /** Path of the film's file (or DVD folder's IFO) relative to the library. */
  file: string;
  tmdbId?: number;
  imdbId?: string;
  title?: string;
  year?: number;
}

const pad = (n: number) => String(n).padStart(3, '0');
const QUALITY_NAMES = ['1080p', '720p', '2160p', '480p', 'BDRip', 'BRRip', 'WEBRip', 'HDTV', 'DVDRip', 'x264'];
const UNNAMED = [...QUALITY_NAMES, 'x265', 'HEVC', 'REMUX'];

/** Writes the library below `root`; returns the films it holds and the files nothing identifies. */
async function writeLibrary(root: string) {
  const films: Film[] = [];
  const unidentified: string[] = [];
  const extras: string[] = [];
  const put = async (rel: string, content = 'video') => {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  };
  // Radarr's default: Title (Year)/Title (Year) Quality.mkv, grouped in A–Z folders for some.
  for (let i = 1; i <= 70; i++) {
    const name = `Film Radarr ${pad(i)} (${1950 + i})`;
    const folder = i <= 20 ? `R/${name}` : name;
    const file = `${folder}/${name} Bluray-1080p.mkv`;
    await put(file);
    films.push({ file, title: `Film Radarr ${pad(i)}`, year: 1950 + i });
    // Extras, trailers and samples beside some of them: never films of their own.
    if (i % 10 === 0) {
      for (const extra of [
        `${folder}/${name}-trailer.mkv`,
        `${folder}/Extras/Making of.mkv`,
        `${folder}/Featurettes/Interview.mp4`,
        `${folder}/sample/${name}.sample.mkv`,
        `${folder}/${name}-sample.mkv`,
      ]) {
        await put(extra);
        extras.push(extra);
      }
    }
  }
  // Jellyfin and Radarr id tags in the folder name.
  for (let i = 1; i <= 40; i++) {
    const tmdbId = 920_000 + i;
    const tag = i % 2 ? `[tmdbid-${tmdbId}]` : `{tmdb-${tmdbId}}`;
    const file = `Film Jellyfin ${pad(i)} (${1960 + i}) ${tag}/Film Jellyfin ${pad(i)} (${1960 + i}).mp4`;
    await put(file);
    films.push({ file, tmdbId });
  }
  // Kodi NFOs with <uniqueid>; the folder names alone would say nothing useful.
  for (let i = 1; i <= 30; i++) {
    const tmdbId = 930_000 + i;
    const file = `kodi-${pad(i)}/movie.mkv`;
    await put(file);
    await put(
      `kodi-${pad(i)}/movie.nfo`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<movie>\n  <title>Film Kodi ${pad(i)}</title>\n` +
        `  <uniqueid type="tmdb" default="true">${tmdbId}</uniqueid>\n  <uniqueid type="imdb">tt093${pad(i)}00</uniqueid>\n</movie>\n`,
    );
    films.push({ file, tmdbId, imdbId: `tt093${pad(i)}00` });
  }
  // Scene names, folder and file alike.
  for (let i = 1; i <= 30; i++) {
    const name = `Film.Scene.${pad(i)}.${1970 + i}.1080p.BluRay.x264-GRP`;
    const file = `${name}/${name}.mkv`;
    await put(file);
    films.push({ file, title: `Film Scene ${pad(i)}`, year: 1970 + i });
  }
  // DVDs: the folder is the film.
  for (let i = 1; i <= 5; i++) {
    const file = `Film Dvd ${i} (${1990 + i})/VIDEO_TS/VIDEO_TS.IFO`;
    await put(file);
    await put(`Film Dvd ${i} (${1990 + i})/VIDEO_TS/VTS_01_1.VOB`);
    films.push({ file, title: `Film Dvd ${i}`, year: 1990 + i });
  }
  // An IMDb id in the file name, in a folder named after nothing.
  for (let i = 1; i <= 10; i++) {
    const imdbId = `tt094${pad(i)}00`;
    const file = `Downloads ${pad(i)}/Some.Release.${imdbId}.mkv`;
    await put(file);
    films.push({ file, imdbId });
  }
  // One folder holding two films, one film in two parts.
  await put('Double Feature/Film Double A (1981).mkv');
  await put('Double Feature/Film Double B (1982).mkv');
  films.push({ file: 'Double Feature/Film Double A (1981).mkv', title: 'Film Double A', year: 1981 });
  films.push({ file: 'Double Feature/Film Double B (1982).mkv', title: 'Film Double B', year: 1982 });
  await put('Film Parts (1983)/Film Parts (1983) cd1.avi');
  await put('Film Parts (1983)/Film Parts (1983) cd2.avi');
  films.push({ file: 'Film Parts (1983)/Film Parts (1983) cd1.avi', title: 'Film Parts', year: 1983 });
  // Folders and files named after nothing but their quality.
  for (const q of UNNAMED) {
    const file = `Incoming/${q}/${q.toLowerCase()}-GRP.mkv`;
    await put(file);
    unidentified.push(file);
  }
  return { films, unidentified, extras };
}

async function scan(libraryId: number) {
  const started = await call(h.api, 'POST', `/api/libraries/${libraryId}/scan`);
  expect(started.status).toBe(202);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const res = await call(h.api, 'GET', `/api/libraries/${libraryId}/scan`);
    if (res.body.status === 'COMPLETED') return res.body.result.scan;
    if (res.body.status !== 'RUNNING') throw new Error(`scan ended ${JSON.stringify(res.body)}`);
  }
  throw new Error('scan did not finish within 60 s');
}

describe('library import', () => {
  it('registers every identifiable film of 200 folders once, lists the rest, and a rescan changes nothing', async () => {
    const root = join(h.config.dataDir, 'movies');
    const { films, unidentified, extras } = await writeLibrary(root);
    expect(films.length + unidentified.length - 1).toBe(200); // folders: the double feature holds two films

    const outside = await call(h.api, 'POST', '/api/libraries', { name: 'Elsewhere', path: '/etc' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toMatch(/path: .*not inside a library root/);
    const created = await call(h.api, 'POST', '/api/libraries', { name: 'Movies', path: root, autoEnrich: false });
    expect(created.status).toBe(201);
    const libraryId = created.body.id as number;
    expect((await call(h.api, 'POST', '/api/libraries', { name: 'Again', path: root })).status).toBe(409);

    const first = await scan(libraryId);
    expect(first.folders).toBe(200);
    expect(first.added).toHaveLength(films.length);
    expect(first.unidentified.map((u: { path: string }) => u.path).sort()).toEqual(
      unidentified.map((f) => join(root, f)).sort(),
    );
    expect([first.moved, first.missing, first.duplicates]).toEqual([[], [], []]);

    const { rows } = await h.pool.query<{ file_path: string; tmdb_id: number | null; imdb_id: string | null }>(
      'SELECT file_path, tmdb_id, imdb_id, title, year FROM movies WHERE library_id = $1 AND deleted_at IS NULL',
      [libraryId],
    );
    expect(rows).toHaveLength(films.length);
    const byPath = new Map(rows.map((r) => [r.file_path, r]));
    for (const film of films) {
      const row = byPath.get(join(root, film.file));
      expect(row, film.file).toBeDefined();
      if (film.tmdbId) expect(row).toMatchObject({ tmdb_id: film.tmdbId });
      if (film.imdbId) expect(row).toMatchObject({ imdb_id: film.imdbId });
      if (film.title) expect(row).toMatchObject({ title: film.title, year: film.year });
    }
    for (const extra of extras) expect(byPath.has(join(root, extra))).toBe(false);

    const lastChange = async () =>
      (
        await h.pool.query('SELECT count(*)::int AS n, max(updated_at) AS at FROM movies WHERE library_id = $1', [
          libraryId,
        ])
      ).rows[0];
    const before = await lastChange();
    const again = await scan(libraryId);
    expect(again).toMatchObject({ added: [], moved: [], missing: [], returned: [], duplicates: [] });
    expect(again.unchanged).toBe(films.length);
    // Not one row written.
    expect(await lastChange()).toEqual(before);

    const listed = await call(h.api, 'GET', '/api/libraries');
    expect(listed.body.libraries).toContainEqual(
      expect.objectContaining({
        id: libraryId,
        name: 'Movies',
        lastScan: expect.objectContaining({ unchanged: films.length }),
      }),
    );
  });

  it('follows a moved folder to the same movie and marks a vanished film missing, keeping its data', async () => {
    const root = join(h.config.dataDir, 'moves');
    await mkdir(join(root, 'Film Mover (2001)'), { recursive: true });
    await writeFile(join(root, 'Film Mover (2001)/Film Mover (2001).mkv'), 'v');
    await mkdir(join(root, 'Film Tagged (2002) {tmdb-940001}'), { recursive: true });
    await writeFile(join(root, 'Film Tagged (2002) {tmdb-940001}/Film Tagged (2002).mkv'), 'v');
    await mkdir(join(root, 'Film Gone (2003)'), { recursive: true });
    await writeFile(join(root, 'Film Gone (2003)/Film Gone (2003).mkv'), 'v');
    const libraryId = (await call(h.api, 'POST', '/api/libraries', { name: 'Moves', path: root, autoEnrich: false }))
      .body.id as number;
    const first = await scan(libraryId);
    const idOf = (name: string) => first.added.find((a: { path: string }) => a.path.includes(name)).movieId as number;
    const [mover, tagged, gone] = [idOf('Film Mover'), idOf('Film Tagged'), idOf('Film Gone')];

    await mkdir(join(root, 'Archive'));
    await rename(join(root, 'Film Mover (2001)'), join(root, 'Archive/Film Mover (2001)'));
    await rename(join(root, 'Film Tagged (2002) {tmdb-940001}'), join(root, 'Film Tagged {tmdb-940001}'));
    await rm(join(root, 'Film Gone (2003)'), { recursive: true });
    const second = await scan(libraryId);
    expect(second.added).toEqual([]);
    expect(second.moved).toEqual(
      expect.arrayContaining([
        {
          movieId: mover,
          from: join(root, 'Film Mover (2001)/Film Mover (2001).mkv'),
          to: join(root, 'Archive/Film Mover (2001)/Film Mover (2001).mkv'),
        },
        {
          movieId: tagged,
          from: join(root, 'Film Tagged (2002) {tmdb-940001}/Film Tagged (2002).mkv'),
          to: join(root, 'Film Tagged {tmdb-940001}/Film Tagged (2002).mkv'),
        },
      ]),
    );
    expect(second.missing).toEqual([{ movieId: gone, path: join(root, 'Film Gone (2003)/Film Gone (2003).mkv') }]);
    const goneRow = await h.pool.query('SELECT title, deleted_at, file_missing_since FROM movies WHERE id = $1', [
      gone,
    ]);
    expect(goneRow.rows[0]).toMatchObject({ title: 'Film Gone', deleted_at: null });
    expect(goneRow.rows[0].file_missing_since).not.toBeNull();

    // It comes back: no longer missing; a third scan of the unchanged folder does nothing.
    await mkdir(join(root, 'Film Gone (2003)'));
    await writeFile(join(root, 'Film Gone (2003)/Film Gone (2003).mkv'), 'v');
    const third = await scan(libraryId);
    expect(third.returned).toEqual([{ movieId: gone, path: join(root, 'Film Gone (2003)/Film Gone (2003).mkv') }]);
    const fourth = await scan(libraryId);
    expect(fourth).toMatchObject({ added: [], moved: [], missing: [], returned: [], unchanged: 3 });
  });

  it('marks nothing missing when the whole library reads as empty, as an unmounted share does', async () => {
    const root = join(h.config.dataDir, 'share');
    await mkdir(join(root, 'Film Share (2004)'), { recursive: true });
    await writeFile(join(root, 'Film Share (2004)/Film Share (2004).mkv'), 'v');
    const libraryId = (await call(h.api, 'POST', '/api/libraries', { name: 'Share', path: root, autoEnrich: false }))
      .body.id as number;
    expect((await scan(libraryId)).added).toHaveLength(1);
    await rename(join(root, 'Film Share (2004)'), join(h.config.dataDir, 'share-elsewhere'));
    expect(await scan(libraryId)).toMatchObject({ folders: 0, missing: [] });
    await rm(join(root, '..', 'share-elsewhere'), { recursive: true });
  });

  it('enriches the films a scan registers, at the scan’s priority, when the library enriches automatically', async () => {
    const root = join(h.config.dataDir, 'auto');
    for (const [tmdbId, name] of [
      [603, 'The Matrix (1999)'],
      [680, 'Pulp Fiction (1994)'],
    ] as const) {
      await mkdir(join(root, `${name} {tmdb-${tmdbId}}`), { recursive: true });
      await writeFile(join(root, `${name} {tmdb-${tmdbId}}`, `${name}.mkv`), 'v');
    }
    const libraryId = (await call(h.api, 'POST', '/api/libraries', { name: 'Auto', path: root })).body.id as number;
    const started = await call(h.api, 'POST', `/api/libraries/${libraryId}/scan`);
    const res = await h.client.workflow.getHandle(started.body.workflowId).result();
    expect(res.enrichment).toMatchObject({ movies: 2 });
    const batch = await h.client.workflow.getHandle(res.enrichment.workflowId).result();
    expect(batch).toMatchObject({ state: 'finished', total: 2, done: 2, failed: 0, skipped: 0 });
    for (const { movieId } of res.scan.added) {
      const run = await h.client.workflow.getHandle(`enrich-movie-${movieId}`).describe();
      expect(run.status.name).toBe('COMPLETED');
      expect(run.priority?.priorityKey).toBe(5);
      expect(await run.staticSummary()).toMatch(/^(The Matrix \(1999\)|Pulp Fiction \(1994\)) · scan$/);
    }
  });
});
