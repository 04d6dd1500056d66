// Publishing (ENRICHMENT.md §10 with D22, D23; acceptance 51 and 52): the real API starts the real
// workflow, whose activities copy real cache files into library folders and write the Kodi NFO,
// against the fake providers' generated artwork. Library folders live under the run's data folder.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { actorThumbPath, artworkFileName, videoBaseName } from '../domain/library-layout.js';
import { buildMovieNfo, type NfoMovie } from '../domain/nfo.js';
import { artworkHelpers } from './support/artwork.js';
import { published, publishFails } from './support/publishing.js';
import { call, waitForEnrichment, useHarness } from './support/harness.js';

const h = useHarness();
beforeEach(async () => {
  await h.pool.query('DELETE FROM app_settings');
});

const { enrich, sha256 } = artworkHelpers(h);

/** A library folder holding an empty video file. */
async function libraryFolder(name: string, video: string): Promise<string> {
  const folder = join(h.config.dataDir, 'library', name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, video), '');
  return folder;
}

async function registerAt(tmdbId: number, path?: string): Promise<number> {
  const res = await call(h.api, 'POST', '/api/movies', path === undefined ? { tmdbId } : { tmdbId, path });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Every file under the folder: content hash, nanosecond mtime and inode (a rename-into-place changes it). */
async function snapshot(folder: string): Promise<Record<string, { sha256: string; mtimeNs: bigint; ino: bigint }>> {
  const out: Record<string, { sha256: string; mtimeNs: bigint; ino: bigint }> = {};
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const info = await stat(path, { bigint: true });
    out[relative(folder, path)] = { sha256: sha256(await readFile(path)), mtimeNs: info.mtimeNs, ino: info.ino };
  }
  return out;
}
const listing = async (folder: string) => Object.keys(await snapshot(folder)).sort();

// The test's own statement of Kodi's names, to check the layout against.
const KODI: Record<string, string> = {
  poster: 'poster',
  fanart: 'fanart',
  banner: 'banner',
  clearlogo: 'clearlogo',
  clearart: 'clearart',
  landscape: 'landscape',
  keyart: 'keyart',
  discart: 'disc',
};
const EXT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** The movie's selected artwork by type in score order, with the library name each should have. */
async function selectedArtwork(movieId: number, base: string | null) {
  const rows = (
    await h.pool.query(
      `SELECT a.id, a.asset_type, a.score, b.file_path, b.format FROM provider_assets a JOIN cache_blobs b ON b.sha256 = a.content_hash
        WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.is_selected ORDER BY a.asset_type, a.score DESC, a.id`,
      [movieId],
    )
  ).rows;
  return rows.map((r) => {
    const rank = rows.filter((o) => o.asset_type === r.asset_type).indexOf(r) + 1;
    const name = `${KODI[r.asset_type]}${rank === 1 ? '' : rank - 1}.${EXT[r.format]}`;
    return { ...r, rank, name: base === null ? name : `${base}-${name}` };
  });
}

const movieRow = async (id: number) => (await h.pool.query('SELECT * FROM movies WHERE id = $1', [id])).rows[0];

const LISTS = ['uniqueid', 'rating', 'genre', 'country', 'tag', 'credits', 'director', 'studio', 'actor'];
const parseNfo = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => LISTS.includes(name),
  }).parse(xml).movie;

describe('library layout and NFO builder (pure)', () => {
  it('names artwork the Kodi way by rank and real format, and cleans actor names', () => {
    expect(videoBaseName('Alien (1979).mkv')).toBe('Alien (1979)');
    expect(videoBaseName('Alien.Directors.Cut.mkv')).toBe('Alien.Directors.Cut');
    expect(videoBaseName('.hidden')).toBe('.hidden');
    expect(artworkFileName('Alien (1979)', 'poster', 1, 'jpeg')).toBe('Alien (1979)-poster.jpg');
    expect(artworkFileName('Alien (1979)', 'poster', 3, 'webp')).toBe('Alien (1979)-poster2.webp');
    expect(artworkFileName('Alien (1979)', 'discart', 1, 'png')).toBe('Alien (1979)-disc.png');
    expect(artworkFileName(null, 'fanart', 2, 'jpeg')).toBe('fanart1.jpg');
    expect(() => artworkFileName(null, 'poster', 0, 'jpeg')).toThrow(RangeError);
    expect(actorThumbPath('  Sigourney   Weaver ', 'jpg')).toBe('.actors/Sigourney Weaver.jpg');
    expect(actorThumbPath('AC/DC: "Live"?*|<>\\', 'png')).toBe('.actors/ACDC Live.png');
    expect(actorThumbPath('../..', 'jpg')).toBeNull();
    expect(actorThumbPath('???', 'jpg')).toBeNull();
    expect(actorThumbPath('x'.repeat(150), 'jpg')).toBe(`.actors/${'x'.repeat(100)}.jpg`);
  });

  it('builds valid XML from any text: escaped, control characters dropped, empty values left out', () => {
    const movie: NfoMovie = {
      title: 'A & B <C> "D" \'E\'\u0001\u000b',
      originalTitle: '',
      sortTitle: null,
      ratings: [{ name: 'imdb', value: 7.1, votes: null }],
      userRating: 7.6,
      outline: null,
      plot: 'line 1\nline 2 ]]> &amp;',
      tagline: '   ',
      runtime: null,
      contentRating: null,
      tmdbId: null,
      imdbId: 'tt0000001',
      genres: ['', 'Drama'],
      countries: [],
      set: null,
      tags: [],
      writers: [],
      directors: [],
      releaseDate: null,
      year: null,
      studios: [],
      trailer: null,
      actors: [{ name: 'X', role: null, order: null, thumb: null }],
    };
    const xml = buildMovieNfo(movie);
    expect(XMLValidator.validate(xml)).toBe(true);
    const nfo = parseNfo(xml);
    expect(Object.keys(nfo)).toEqual(['title', 'ratings', 'userrating', 'plot', 'uniqueid', 'genre', 'actor']);
    expect(nfo.title).toBe('A & B <C> "D" \'E\'');
    expect(nfo.plot).toBe('line 1\nline 2 ]]> &amp;');
    expect(nfo.userrating).toBe('8');
    // Without a TMDB id or rating, IMDb's is the default.
    expect(nfo.uniqueid).toEqual([{ '@type': 'imdb', '@default': 'true', '#text': 'tt0000001' }]);
    expect(nfo.ratings.rating).toEqual([{ '@name': 'imdb', '@max': '10', '@default': 'true', value: '7.1' }]);
    expect(nfo.genre).toEqual(['Drama']);
    expect(nfo.actor).toEqual([{ name: 'X' }]);
    expect(buildMovieNfo(movie)).toBe(xml);
  });
});

describe('publishing a movie into its folder (acceptance 51, 52)', () => {
  it('writes ranked artwork under Kodi names, headshots, a Kodi NFO with the current values, and marks the movie published', async () => {
    // Acceptance 51 asks for two posters.
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('asset_limit_poster', '2')`);
    const folder = await libraryFolder('alien', 'Alien (1979).mkv');
    const id = await registerAt(348, join(folder, 'Alien (1979).mkv'));
    expect((await enrich(id)).status).toBe('enriched');
    // A value the user set and locked is published as it is (D23), escaped.
    await h.pool.query(
      `UPDATE movies SET title = 'Alien: Director''s Cut & <More>', title_locked = true, user_rating = 9 WHERE id = $1`,
      [id],
    );
    // Alien's cast has no TMDB headshot in the fake catalogue: a cache file stands in for one.
    const headshot = join(h.config.cacheDir, 'actors', 'aa', 'bb', 'headshot.jpg');
    await mkdir(dirname(headshot), { recursive: true });
    await writeFile(headshot, await readFile(join(import.meta.dirname, 'fixtures', 'phash', 'poster.jpg')));
    await h.pool.query(`UPDATE actors SET image_cache_path = $1 WHERE name = 'Sigourney Weaver'`, [headshot]);

    const result = await published(h, id);

    const artwork = await selectedArtwork(id, 'Alien (1979)');
    const posters = artwork.filter((a) => a.asset_type === 'poster');
    expect(posters.map((p) => p.name)).toEqual(['Alien (1979)-poster.jpg', 'Alien (1979)-poster1.jpg']);
    expect(posters[0].score).toBeGreaterThan(posters[1].score);
    expect(artwork.filter((a) => a.asset_type === 'discart').map((d) => [d.name, d.format])).toEqual([
      ['Alien (1979)-disc.png', 'png'],
    ]);
    for (const a of artwork) expect(await readFile(join(folder, a.name)), a.name).toEqual(await readFile(a.file_path));
    expect(await readFile(join(folder, '.actors', 'Sigourney Weaver.jpg'))).toEqual(await readFile(headshot));

    const ours = ['Alien (1979).nfo', '.actors/Sigourney Weaver.jpg', ...artwork.map((a) => a.name)].sort();
    expect(await listing(folder)).toEqual([...ours, 'Alien (1979).mkv'].sort());
    expect(result).toMatchObject({ movieId: id, folder, unchanged: [], removed: [], backedUp: [] });
    expect([...result.written].sort()).toEqual(ours);
    const rows = (
      await h.pool.query('SELECT path, kind, asset_type FROM library_files WHERE movie_id = $1 ORDER BY path', [id])
    ).rows;
    expect(rows.map((r) => relative(folder, r.path)).sort()).toEqual(ours);
    expect(rows.find((r) => r.path.endsWith('-disc.png'))).toMatchObject({ kind: 'image', asset_type: 'discart' });

    // Acceptance 52 (headshots as far as they exist).
    const movie = await movieRow(id);
    expect(movie.identification_status).toBe('published');
    expect(movie.published_at).toBeInstanceOf(Date);

    const xml = await readFile(join(folder, 'Alien (1979).nfo'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<movie>')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<title>Alien: Director&apos;s Cut &amp; &lt;More&gt;</title>');
    const nfo = parseNfo(xml);
    expect(Object.keys(nfo)).toEqual([
      'title',
      'originaltitle',
      'sorttitle',
      'ratings',
      'userrating',
      'outline',
      'plot',
      'tagline',
      'runtime',
      'mpaa',
      'uniqueid',
      'genre',
      'country',
      'set',
      'tag',
      'credits',
      'director',
      'premiered',
      'year',
      'studio',
      'actor',
    ]);
    expect(nfo).toMatchObject({
      title: "Alien: Director's Cut & <More>",
      originaltitle: 'Alien',
      userrating: '9',
      plot: movie.plot,
      outline: movie.outline,
      tagline: 'In space no one can hear you scream.',
      runtime: '117',
      mpaa: 'R',
      premiered: '1979-05-25',
      year: '1979',
      genre: ['Horror', 'Science Fiction'],
      country: ['United Kingdom', 'United States of America'],
      tag: ['alien life-form', 'android', 'spacecraft'],
      credits: ["Dan O'Bannon"],
      director: ['Ridley Scott'],
      studio: ['20th Century Fox', 'Brandywine Productions'],
      set: { name: 'Alien Collection' },
    });
    expect(nfo.uniqueid).toEqual([
      { '@type': 'tmdb', '@default': 'true', '#text': '348' },
      { '@type': 'imdb', '#text': 'tt0078748' },
    ]);
    expect(nfo.ratings.rating).toEqual([
      { '@name': 'tmdb', '@max': '10', '@default': 'true', value: '8.2', votes: '15800' },
      { '@name': 'imdb', '@max': '10', value: '8.3', votes: '963800' },
    ]);
    expect(nfo.actor).toEqual([
      { name: 'Sigourney Weaver', role: 'Ellen Ripley', order: '0', thumb: '.actors/Sigourney Weaver.jpg' },
      { name: 'Tom Skerritt', role: 'Dallas', order: '1' },
      { name: 'Veronica Cartwright', role: 'Lambert', order: '2' },
      { name: 'John Hurt', role: 'Kane', order: '3' },
    ]);
    for (const never of ['trailer', 'thumb', 'fanart']) expect(nfo).not.toHaveProperty(never);
  });

  it("uses Kodi's folder names when the movie is a folder without a video file", async () => {
    const folder = join(h.config.dataDir, 'library', 'Pulp Fiction (1994)');
    await mkdir(folder, { recursive: true });
    const id = await registerAt(680, folder);
    await enrich(id);
    const result = await published(h, id);
    const artwork = await selectedArtwork(id, null);
    expect(artwork.map((a) => a.name)).toEqual(
      expect.arrayContaining(['poster.jpg', 'poster1.jpg', 'fanart.jpg', 'disc.png']),
    );
    expect(await listing(folder)).toEqual(['movie.nfo', ...artwork.map((a) => a.name)].sort());
    expect([...result.written].sort()).toEqual(await listing(folder));
    for (const a of artwork) expect(await readFile(join(folder, a.name)), a.name).toEqual(await readFile(a.file_path));
    expect(parseNfo(await readFile(join(folder, 'movie.nfo'), 'utf8')).title).toBe('Pulp Fiction');
  });
});

describe('re-publishing (idempotence, selection changes, files that are not ours)', () => {
  it('rewrites nothing when nothing changed, then replaces and removes exactly the stale files and leaves the rest alone', async () => {
    const folder = await libraryFolder('matrix', 'The Matrix (1999).mkv');
    const id = await registerAt(603, join(folder, 'The Matrix (1999).mkv'));
    await enrich(id);
    const first = await published(h, id);
    expect(first.written).toEqual(
      expect.arrayContaining([
        'The Matrix (1999)-poster2.jpg',
        'The Matrix (1999)-fanart1.jpg',
        'The Matrix (1999)-banner.jpg',
      ]),
    );
    // The user's own files, one named like ours, and an NFO we never wrote.
    await writeFile(join(folder, 'The Matrix (1999)-poster-custom.jpg'), 'mine');
    await writeFile(join(folder, 'notes.txt'), 'notes');
    await writeFile(join(folder, 'movie.nfo'), '<movie><title>old</title></movie>');

    const before = await snapshot(folder);
    const again = await published(h, id);
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect([...again.unchanged].sort()).toEqual([...first.written].sort());
    expect(await snapshot(folder)).toEqual(before);

    // Selection changes: one poster instead of three (re-enrichment drops ranks 2 and 3), the two
    // best backdrops swap ranks by score; the user replaced our rank-3 poster with their own
    // picture and deleted our banner.
    const fanartBefore = (await selectedArtwork(id, 'The Matrix (1999)')).filter((a) => a.asset_type === 'fanart');
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('asset_limit_poster', '1')`);
    await enrich(id);
    await h.pool.query('UPDATE provider_assets SET score = $2 WHERE id = $1', [
      fanartBefore[1]!.id,
      fanartBefore[0]!.score + 1,
    ]);
    await writeFile(join(folder, 'The Matrix (1999)-poster2.jpg'), 'my own poster');
    await rm(join(folder, 'The Matrix (1999)-banner.jpg'));
    const edited = await snapshot(folder);

    const third = await published(h, id);
    expect([...third.written].sort()).toEqual([
      'The Matrix (1999)-banner.jpg',
      'The Matrix (1999)-fanart.jpg',
      'The Matrix (1999)-fanart1.jpg',
    ]);
    expect(third.removed).toEqual(['The Matrix (1999)-poster1.jpg']);
    // The files replaced were ours (our bytes, listed in library_files): nothing to back up.
    expect(third.backedUp).toEqual([]);
    expect(await readFile(join(folder, 'The Matrix (1999)-fanart.jpg'))).toEqual(
      await readFile(fanartBefore[1]!.file_path),
    );
    expect(await readFile(join(folder, 'The Matrix (1999)-fanart1.jpg'))).toEqual(
      await readFile(fanartBefore[0]!.file_path),
    );
    expect(await readFile(join(folder, 'The Matrix (1999)-poster2.jpg'), 'utf8')).toBe('my own poster');

    const after = await snapshot(folder);
    expect(Object.keys(after).sort()).toEqual(
      Object.keys(edited)
        .filter((n) => n !== 'The Matrix (1999)-poster1.jpg')
        .concat('The Matrix (1999)-banner.jpg')
        .sort(),
    );
    for (const [name, file] of Object.entries(after))
      if (!third.written.includes(name)) expect(file, `${name} untouched`).toEqual(edited[name]);
    // Neither the removed poster nor the one the user took over is ours any more.
    const ours = (await h.pool.query('SELECT path FROM library_files WHERE movie_id = $1', [id])).rows.map((r) =>
      relative(folder, r.path),
    );
    expect(ours.filter((p) => p.includes('-poster'))).toEqual(['The Matrix (1999)-poster.jpg']);
  });
});

describe('an attempt that died mid-write', () => {
  // Found by the chaos suite (seed 271413-1): a worker killed between creating a temp file and its
  // rename left `.poster.jpg.tmp-…` in the user's folder for good.
  it('has its temp files cleared by the next attempt; temp-like files at other names stay', async () => {
    const folder = await libraryFolder('The Godfather (1972)', 'The Godfather (1972).mkv');
    const id = await registerAt(238, join(folder, 'The Godfather (1972).mkv'));
    await enrich(id);
    const deadAttempt = [
      '.The Godfather (1972)-poster.jpg.tmp-0123456789ab',
      '.The Godfather (1972).nfo.tmp-abcdef012345',
    ];
    const notOurs = '.holiday.jpg.tmp-0123456789ab';
    for (const name of [...deadAttempt, notOurs]) await writeFile(join(folder, name), 'half a file');
    await published(h, id);
    const left = await readdir(folder);
    for (const name of deadAttempt) expect(left).not.toContain(name);
    expect(left).toContain(notOurs);
    expect(left.filter((n) => n.includes('.tmp-'))).toEqual([notOurs]);
  });
});

describe('publishing fails with a clear reason on bad input, and leaves the library as it was', () => {
  it('a missing cache file, a missing folder, a file where the folder should be', async () => {
    const folder = await libraryFolder('fightclub', 'Fight Club (1999).mkv');
    const id = await registerAt(550, join(folder, 'Fight Club (1999).mkv'));
    await enrich(id);
    await published(h, id);
    const publishedAt = (await movieRow(id)).published_at;
    const before = await snapshot(folder);

    // The NFO would change, but a cache file is gone: nothing at all is written.
    await h.pool.query(`UPDATE movies SET title = 'Fight Club (Remastered)' WHERE id = $1`, [id]);
    const gone = (await selectedArtwork(id, null)).find((a) => a.asset_type === 'fanart' && a.rank === 2)!;
    await rm(gone.file_path);
    const missing = await publishFails(h, id);
    expect(missing).toEqual({
      message: `planPublish: cache file ${gone.file_path} for fanart rank 2 is missing`,
      type: 'CacheFileMissing',
    });
    expect(await snapshot(folder)).toEqual(before);
    expect((await movieRow(id)).published_at).toEqual(publishedAt);

    const nowhere = join(h.config.dataDir, 'library', 'nowhere');
    await h.pool.query('UPDATE movies SET file_path = $2 WHERE id = $1', [id, join(nowhere, 'Fight Club (1999).mkv')]);
    expect(await publishFails(h, id)).toEqual({
      message: `planPublish: library folder ${nowhere} does not exist`,
      type: 'LibraryFolderUnusable',
    });

    await writeFile(join(folder, 'notes.txt'), 'a file, not a folder');
    const notAFolder = join(folder, 'notes.txt');
    await h.pool.query('UPDATE movies SET file_path = $2 WHERE id = $1', [
      id,
      join(notAFolder, 'Fight Club (1999).mkv'),
    ]);
    expect(await publishFails(h, id)).toEqual({
      message: `planPublish: library folder ${notAFolder} is not a folder`,
      type: 'LibraryFolderUnusable',
    });

    expect(existsSync(nowhere)).toBe(false);
    expect(await snapshot(folder)).toEqual({ ...before, 'notes.txt': expect.anything() });
    expect((await movieRow(id)).published_at).toEqual(publishedAt);
  });
});

describe('POST /api/movies/:id/publish', () => {
  it('202 with the workflow, 409 while one runs, 404 unknown or deleted, 400 bad id; no file path fails clearly', async () => {
    expect((await call(h.api, 'POST', '/api/movies/abc/publish')).status).toBe(400);
    expect((await call(h.api, 'POST', '/api/movies/0/publish')).status).toBe(400);
    expect(await call(h.api, 'POST', '/api/movies/2147483647/publish')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'movie 2147483647 not found' } },
    });

    const id = await registerAt(78);
    // No worker: the first publish stays running, so a second is refused with its id.
    await h.stopWorker();
    const started = await call(h.api, 'POST', `/api/movies/${id}/publish`);
    expect(started).toEqual({ status: 202, body: { workflowId: `publish-movie-${id}`, runId: expect.any(String) } });
    expect((await h.client.workflow.getHandle(`publish-movie-${id}`).describe()).status.name).toBe('RUNNING');
    expect(await call(h.api, 'POST', `/api/movies/${id}/publish`)).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `a publish of movie ${id} is already running`,
          details: { workflowId: `publish-movie-${id}` },
        },
      },
    });
    await h.startWorker();
    const view = await waitForEnrichment(h.api, started.body.workflowId);
    expect(view).toMatchObject({ runId: started.body.runId, status: 'FAILED' });
    expect(view.failure).toEqual({
      message: `planPublish: movie ${id} has no file path: nothing to publish into`,
      type: 'NoFilePath',
    });
    expect((await movieRow(id)).identification_status).not.toBe('published');

    expect((await call(h.api, 'DELETE', `/api/movies/${id}`)).status).toBe(200);
    expect((await call(h.api, 'POST', `/api/movies/${id}/publish`)).status).toBe(404);
  });
});
