// Safe publishing: the real API starts the real publish workflow against real folders. A movie's
// path must resolve (symlinks and `..`) inside the library roots; a symlink or special file at a
// name publishing writes is refused, never followed or opened; a user's file at such a name is
// backed up into the cache before ours replaces it; and the publish activities, called directly
// with forged input, refuse names and sources a plan could not have produced.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import type { LibraryFile, PublishPlan } from '../activities/publish.js';
import { artworkHelpers } from './support/artwork.js';
import { published, publishFails } from './support/publishing.js';
import { call, useHarness } from './support/harness.js';

const h = useHarness();
const { enrich } = artworkHelpers(h);
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

// A folder outside every library root (the roots are the test's data folder).
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'publish-outside-'));
});
afterAll(async () => {
  if (outside) await rm(outside, { recursive: true, force: true });
});

/** A library folder under the root, holding an empty video file when one is named. */
async function libraryFolder(name: string, video?: string): Promise<string> {
  const folder = join(h.config.dataDir, 'library', name);
  await mkdir(folder, { recursive: true });
  if (video) await writeFile(join(folder, video), '');
  return folder;
}

async function registerAt(tmdbId: number, path: string): Promise<number> {
  const res = await call(h.api, 'POST', '/api/movies', { tmdbId, path });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Every entry under a folder, whatever its kind (FIFOs and symlinks included), with its content hash when a file. */
async function tree(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const name = relative(folder, path);
    if (e.isSymbolicLink()) out[name] = `link → ${await readlink(path)}`;
    else if (e.isFIFO()) out[name] = 'fifo';
    else if (e.isDirectory()) out[name] = 'folder';
    else out[name] = sha256(await readFile(path));
  }
  return out;
}

/** The movie's selected artwork of one type, best first, with its cache file. */
async function selected(movieId: number, assetType: string): Promise<{ file_path: string; content_hash: string }[]> {
  const { rows } = await h.pool.query(
    `SELECT b.file_path, a.content_hash FROM provider_assets a JOIN cache_blobs b ON b.sha256 = a.content_hash
      WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.asset_type = $2 AND a.is_selected ORDER BY a.score DESC, a.id`,
    [movieId, assetType],
  );
  return rows;
}

/** A headshot in the cache for one of the movie's actors, so publishing writes `.actors/{name}.jpg`. */
async function giveHeadshot(actorName: string): Promise<string> {
  const headshot = join(h.config.cacheDir, 'actors', 'cc', 'dd', `${actorName.replace(/\W/g, '')}.jpg`);
  await mkdir(dirname(headshot), { recursive: true });
  await writeFile(headshot, await readFile(join(import.meta.dirname, 'fixtures', 'phash', 'poster.jpg')));
  await h.pool.query('UPDATE actors SET image_cache_path = $1 WHERE name = $2', [headshot, actorName]);
  return headshot;
}

const setPath = (movieId: number, path: string) =>
  h.pool.query('UPDATE movies SET file_path = $2 WHERE id = $1', [movieId, path]);

describe('a movie whose path is not inside a library root', () => {
  it('is refused, whether outside, escaping through `..` or through a symlinked folder, and nothing is written there', async () => {
    const folder = await libraryFolder('alien', 'Alien (1979).mkv');
    const id = await registerAt(348, join(folder, 'Alien (1979).mkv'));
    await enrich(id);
    await writeFile(join(outside, 'Alien (1979).mkv'), '');
    const before = await tree(outside);
    const libraryBefore = await tree(folder);

    // Outside, plainly.
    await setPath(id, join(outside, 'Alien (1979).mkv'));
    const plain = await publishFails(h, id);
    expect(plain.type).toBe('PathOutsideLibraryRoots');
    expect(plain.message).toContain(`"${join(outside, 'Alien (1979).mkv')}" is not inside a library root`);

    // Under the root as written, outside once `..` is resolved.
    const dotted = `${h.config.dataDir}/library/${relative(join(h.config.dataDir, 'library'), outside)}/Alien (1979).mkv`;
    expect(dotted.startsWith(`${h.config.dataDir}/`)).toBe(true);
    expect(resolve(dotted)).toBe(join(outside, 'Alien (1979).mkv'));
    await setPath(id, dotted);
    const escaped = await publishFails(h, id);
    expect(escaped.type).toBe('PathOutsideLibraryRoots');
    expect(escaped.message).toContain('is not inside a library root');

    // Under the root as written, a folder there being a symlink to the outside folder.
    const linked = join(h.config.dataDir, 'library', 'linked');
    await symlink(outside, linked);
    await setPath(id, join(linked, 'Alien (1979).mkv'));
    const throughLink = await publishFails(h, id);
    expect(throughLink.type).toBe('PathOutsideLibraryRoots');
    expect(throughLink.message).toContain(`"${join(linked, 'Alien (1979).mkv')}" is not inside a library root`);

    expect(await tree(outside)).toEqual(before);
    expect(await tree(folder)).toEqual(libraryBefore);
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM library_files WHERE movie_id = $1', [id])).rows[0].n,
    ).toBe(0);
    await rm(linked);
  });
});

describe('a symlink or special file at a name publishing writes', () => {
  it('a FIFO at the NFO name fails the publish at once, naming it, and is left as it was', async () => {
    const folder = await libraryFolder('Pulp Fiction (1994)');
    const id = await registerAt(680, folder);
    await enrich(id);
    await promisify(execFile)('mkfifo', [join(folder, 'movie.nfo')]);

    // Reading it would wait for a writer forever: a publish still open after 20 s fails the wait.
    const failure = await publishFails(h, id, 20_000);
    expect(failure).toEqual({
      message: `planPublish: refusing to publish ${join(folder, 'movie.nfo')}: it is a FIFO, not a regular file`,
      type: 'UnsafeLibraryFile',
    });
    expect((await lstat(join(folder, 'movie.nfo'))).isFIFO()).toBe(true);
    expect(await tree(folder)).toEqual({ 'movie.nfo': 'fifo' });
    await rm(join(folder, 'movie.nfo'));
  });

  it('a symlink at an artwork name, and a `.actors` that is a symlink, are refused and their targets untouched', async () => {
    const folder = await libraryFolder('matrix', 'The Matrix (1999).mkv');
    const id = await registerAt(603, join(folder, 'The Matrix (1999).mkv'));
    await enrich(id);

    const victim = join(outside, 'victim.jpg');
    await writeFile(victim, 'not yours to replace');
    await symlink(victim, join(folder, 'The Matrix (1999)-poster.jpg'));
    const linked = await publishFails(h, id);
    expect(linked).toEqual({
      message: `planPublish: refusing to publish ${join(folder, 'The Matrix (1999)-poster.jpg')}: it is a symbolic link, not a regular file`,
      type: 'UnsafeLibraryFile',
    });
    expect(await readFile(victim, 'utf8')).toBe('not yours to replace');
    expect(await tree(folder)).toEqual({
      'The Matrix (1999).mkv': sha256(''),
      'The Matrix (1999)-poster.jpg': `link → ${victim}`,
    });
    await rm(join(folder, 'The Matrix (1999)-poster.jpg'));

    // Headshots go into `.actors`: a link there to a folder elsewhere is not followed.
    await giveHeadshot('Keanu Reeves');
    const elsewhere = join(outside, 'actors-elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(folder, '.actors'));
    const actorsLink = await publishFails(h, id);
    expect(actorsLink).toEqual({
      message: `planPublish: refusing to publish into ${join(folder, '.actors')}: it is a symbolic link, not a folder`,
      type: 'UnsafeLibraryFile',
    });
    expect(await readdir(elsewhere)).toEqual([]);
    expect(Object.keys(await tree(folder)).sort()).toEqual(['.actors', 'The Matrix (1999).mkv']);

    // Once it is a real folder, the publish goes through and the headshot lands in it.
    await rm(join(folder, '.actors'));
    const result = await published(h, id);
    expect(result.written).toContain('.actors/Keanu Reeves.jpg');
    expect((await lstat(join(folder, '.actors'))).isDirectory()).toBe(true);
    expect(await readdir(elsewhere)).toEqual([]);
  });
});

describe("the user's own file at a name publishing writes", () => {
  it('is backed up into the cache with identical bytes, recorded and listed, and ours takes its place', async () => {
    const folder = await libraryFolder('Fight Club (1999)');
    const id = await registerAt(550, folder);
    await enrich(id);
    const [poster] = await selected(id, 'poster');
    const [fanart] = await selected(id, 'fanart');
    const mine = await readFile(join(import.meta.dirname, 'fixtures', 'phash', 'poster.jpg'));
    expect(sha256(mine)).not.toBe(poster!.content_hash);
    await writeFile(join(folder, 'poster.jpg'), mine);
    // A user's file already holding our bytes is not touched, but backed up before it becomes ours:
    // a later publish may replace it.
    const theirFanart = await readFile(fanart!.file_path);
    await writeFile(join(folder, 'fanart.jpg'), theirFanart);
    const fanartMtime = (await stat(join(folder, 'fanart.jpg'), { bigint: true })).mtimeNs;

    const first = await published(h, id);
    const backup = join(h.config.cacheDir, 'backups', String(id), 'poster.jpg');
    const fanartBackup = join(h.config.cacheDir, 'backups', String(id), 'fanart.jpg');
    expect([...first.backedUp].sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { from: 'fanart.jpg', to: fanartBackup },
      { from: 'poster.jpg', to: backup },
    ]);
    expect(await readFile(fanartBackup)).toEqual(theirFanart);
    expect(await readFile(join(folder, 'poster.jpg'))).toEqual(await readFile(poster!.file_path));
    expect(await readFile(backup)).toEqual(mine);
    expect(first.unchanged).toContain('fanart.jpg');
    expect((await stat(join(folder, 'fanart.jpg'), { bigint: true })).mtimeNs).toBe(fanartMtime);
    const rows = async () =>
      (
        await h.pool.query(
          'SELECT original_path, backup_path, sha256, size::int AS size FROM library_backups WHERE movie_id = $1 ORDER BY backup_path',
          [id],
        )
      ).rows;
    expect(await rows()).toEqual([
      {
        original_path: join(folder, 'fanart.jpg'),
        backup_path: fanartBackup,
        sha256: sha256(theirFanart),
        size: theirFanart.length,
      },
      { original_path: join(folder, 'poster.jpg'), backup_path: backup, sha256: sha256(mine), size: mine.length },
    ]);

    // Published again: our poster is ours now, nothing is backed up or rewritten.
    const again = await published(h, id);
    expect(again.backedUp).toEqual([]);
    expect(again.written).toEqual([]);

    // Another picture of the user's at the same name: a second backup beside the first, which stays.
    await writeFile(join(folder, 'poster.jpg'), 'another picture of mine');
    const third = await published(h, id);
    const second = join(h.config.cacheDir, 'backups', String(id), 'poster.1.jpg');
    expect(third.backedUp).toEqual([{ from: 'poster.jpg', to: second }]);
    expect(third.written).toEqual(['poster.jpg']);
    expect(await readFile(second, 'utf8')).toBe('another picture of mine');
    expect(await readFile(backup)).toEqual(mine);
    expect(await readFile(join(folder, 'poster.jpg'))).toEqual(await readFile(poster!.file_path));
    expect((await rows()).map((r) => r.backup_path)).toEqual([fanartBackup, second, backup]);
  });
});

describe('the publish activities called with forged input', () => {
  it('refuse a name outside the folder, a source outside the cache and a folder that is not the movie’s; nothing is written', async () => {
    const folder = await libraryFolder('blade runner', 'Blade Runner (1982).mkv');
    const id = await registerAt(78, join(folder, 'Blade Runner (1982).mkv'));
    await enrich(id);
    const activities = createActivities({ pool: h.pool, config: h.config });
    const env = new MockActivityEnvironment();
    const plan = (await env.run(activities.planPublish, { movieId: id })) as PublishPlan;
    const image = plan.files.find((f): f is Extract<LibraryFile, { kind: 'image' }> => f.kind === 'image')!;
    expect(image).toBeDefined();
    const copyOutside = join(outside, 'copy.jpg');
    await writeFile(copyOutside, await readFile(image.source));
    const before = await tree(folder);
    const dataBefore = await readdir(h.config.dataDir);

    const forged: [string, { movieId: number; folder: string; files: LibraryFile[] }][] = [
      [
        'a name climbing out of the folder',
        { movieId: id, folder: plan.folder, files: [{ ...image, name: '../../x' }] },
      ],
      ['a hidden name', { movieId: id, folder: plan.folder, files: [{ ...image, name: '.bashrc' }] }],
      ['a source outside the cache', { movieId: id, folder: plan.folder, files: [{ ...image, source: copyOutside }] }],
      ['another folder', { movieId: id, folder: outside, files: [image] }],
    ];
    for (const [what, input] of forged) {
      const err = await env.run(activities.writeLibraryFiles, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, what).toMatchObject({ name: 'ApplicationFailure', nonRetryable: true, type: 'PublishInputRejected' });
    }
    expect(await tree(folder)).toEqual(before);
    expect(await readdir(h.config.dataDir)).toEqual(dataBefore);
    expect(existsSync(resolve(plan.folder, '../../x'))).toBe(false);
    expect(Object.keys(await tree(outside))).not.toContain('Blade Runner (1982)-poster.jpg');
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM library_files WHERE movie_id = $1', [id])).rows[0].n,
    ).toBe(0);

    const forgedKeep = await env
      .run(activities.completePublish, { movieId: id, folder: plan.folder, keep: ['../../x'] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(forgedKeep).toMatchObject({ nonRetryable: true, type: 'PublishInputRejected' });
  });
});
