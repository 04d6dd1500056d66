// The blob store at its sharpest: under races, and given bytes or paths it must not trust. Two processes' worth of pools
// store the same bytes at once, and one movie releases a blob while another stores it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropMovieRefs } from '../db/blobs.js';
import { softDeleteMovie } from '../db/movies.js';
import { createPool, inTransaction, type Pool } from '../db/pool.js';
import type { DownloadedImage } from '../domain/types.js';
import {
  blobPath,
  releaseMovie,
  releaseUnreferenced,
  removeUnrecordedFiles,
  storeBlob,
  UntrustedTempFile,
} from '../storage/blob-store.js';
import { runTempDir } from '../activities/temp-files.js';
import { perceptualHash } from '../activities/image-hash.js';
import { useHarness } from './support/harness.js';

const h = useHarness();
let other: Pool; // a second pool: another worker's connections
beforeAll(() => {
  other = createPool(h.config.databaseUrl!);
});
afterAll(async () => {
  await other?.end();
});

let tempCounter = 0;
/** A fresh temp copy of `bytes`, as a download would leave it, for `movieId`'s poster candidate. */
async function download(bytes: Buffer, movieId: number): Promise<DownloadedImage> {
  const candidateId = (
    await h.pool.query(
      `INSERT INTO provider_assets (entity_type, entity_id, asset_type, provider_name, provider_url)
       VALUES ('movie', $1, 'poster', 'tmdb', $2)
       ON CONFLICT (entity_type, entity_id, asset_type, provider_url) DO UPDATE SET fetched_at = now() RETURNING id`,
      [movieId, `http://example.test/${movieId}.jpg`],
    )
  ).rows[0].id;
  const dir = join(h.config.cacheDir, '.tmp', 'blob-store-test');
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, `${tempCounter++}.part`);
  await writeFile(tempPath, bytes);
  return {
    ok: true,
    candidateId,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    tempPath,
    format: 'jpeg',
    width: 64,
    height: 96,
    hasAlpha: false,
    size: bytes.length,
    phash: await perceptualHash(bytes),
  };
}
const movie = async () =>
  (await h.pool.query(`INSERT INTO movies (title) VALUES ('blob test') RETURNING id`)).rows[0].id as number;
const refs = async (sha256: string) =>
  (
    await h.pool.query('SELECT entity_id FROM cache_image_refs WHERE blob_sha256 = $1 ORDER BY entity_id', [sha256])
  ).rows.map((r) => r.entity_id);

describe('blob store races (D15)', () => {
  it('stores the same bytes from two pools at once as one file, one row and both references', async () => {
    for (let i = 0; i < 10; i++) {
      const bytes = await sharp({
        create: { width: 64, height: 96, channels: 3, background: { r: i * 20, g: 80, b: 160 } },
      })
        .jpeg()
        .toBuffer();
      const [a, b] = [await movie(), await movie()];
      const [da, db] = [await download(bytes, a), await download(bytes, b)];
      const [pa, pb] = await Promise.all([
        storeBlob(h.pool, h.config.cacheDir, da, { movieId: a, assetType: 'poster', candidateId: da.candidateId }),
        storeBlob(other, h.config.cacheDir, db, { movieId: b, assetType: 'poster', candidateId: db.candidateId }),
      ]);
      expect(pa).toBe(pb);
      expect(pa).toBe(blobPath(h.config.cacheDir, da.sha256, 'jpg'));
      expect(await readFile(pa)).toEqual(bytes);
      expect(
        (await h.pool.query('SELECT count(*)::int AS n FROM cache_blobs WHERE sha256 = $1', [da.sha256])).rows[0].n,
      ).toBe(1);
      expect(await refs(da.sha256)).toEqual([a, b].sort((x, y) => x - y));
      expect(existsSync(da.tempPath) || existsSync(db.tempPath)).toBe(false);
    }
  });

  it('never loses a file that one movie stores while another releases it', async () => {
    for (let i = 0; i < 20; i++) {
      const bytes = await sharp({
        create: { width: 64, height: 96, channels: 3, background: { r: 200, g: i * 10, b: 40 } },
      })
        .jpeg()
        .toBuffer();
      const [a, b] = [await movie(), await movie()];
      const first = await download(bytes, a);
      const path = await storeBlob(h.pool, h.config.cacheDir, first, {
        movieId: a,
        assetType: 'poster',
        candidateId: first.candidateId,
      });
      const second = await download(bytes, b);
      // Movie a lets go of the blob (deletion) while movie b stores the same bytes.
      await Promise.all([
        releaseMovie(h.pool, a),
        storeBlob(other, h.config.cacheDir, second, {
          movieId: b,
          assetType: 'poster',
          candidateId: second.candidateId,
        }),
      ]);
      expect(await refs(first.sha256)).toEqual([b]);
      expect(existsSync(path)).toBe(true);
      expect(await readFile(path)).toEqual(bytes);
      // And once b lets go too, nothing is left behind.
      expect(await releaseMovie(other, b)).toEqual([path]);
      expect(existsSync(path)).toBe(false);
      expect(
        (await h.pool.query('SELECT count(*)::int AS n FROM cache_blobs WHERE sha256 = $1', [first.sha256])).rows[0].n,
      ).toBe(0);
    }
  });
});

describe('files go only after the commit that released them', () => {
  const poster = (shade: number) =>
    sharp({ create: { width: 64, height: 96, channels: 3, background: { r: 10, g: shade, b: 200 } } })
      .jpeg()
      .toBuffer();
  const stored = async (bytes: Buffer, movieId: number) => {
    const image = await download(bytes, movieId);
    const ref = { movieId, assetType: 'poster' as const, candidateId: image.candidateId };
    return { sha256: image.sha256, path: await storeBlob(h.pool, h.config.cacheDir, image, ref) };
  };
  const deletedAt = async (id: number) =>
    (await h.pool.query('SELECT deleted_at FROM movies WHERE id = $1', [id])).rows[0].deleted_at as Date | null;

  it('keeps the row and the file when the releasing transaction rolls back', async () => {
    const id = await movie();
    const { sha256, path } = await stored(await poster(1), id);
    const release = inTransaction(h.pool, async (tx) => {
      expect(await releaseUnreferenced(tx, await dropMovieRefs(tx, id))).toEqual([path]);
      expect(existsSync(path)).toBe(true);
      throw new Error('rolled back');
    });
    await expect(release).rejects.toThrow('rolled back');
    expect(existsSync(path)).toBe(true);
    expect(await refs(sha256)).toEqual([id]);
  });

  it('deletes a movie and releases its cache in one transaction, and removes the files after it', async () => {
    const id = await movie();
    const { sha256, path } = await stored(await poster(2), id);
    const failing = releaseMovie(h.pool, id, async (tx) => {
      await softDeleteMovie(tx, id);
      throw new Error('the deletion failed');
    });
    await expect(failing).rejects.toThrow('the deletion failed');
    expect([await deletedAt(id), await refs(sha256), existsSync(path)]).toEqual([null, [id], true]);

    expect(await releaseMovie(h.pool, id, (tx) => softDeleteMovie(tx, id))).toEqual([path]);
    expect(await deletedAt(id)).toBeInstanceOf(Date);
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a released file that a store of the same bytes recorded again before its removal', async () => {
    const [a, b] = [await movie(), await movie()];
    const bytes = await poster(3);
    const { path } = await stored(bytes, a);
    const released = await inTransaction(h.pool, async (tx) => releaseUnreferenced(tx, await dropMovieRefs(tx, a)));
    expect(released).toEqual([path]);
    // Movie b's store finds the file still in place and records it.
    await stored(bytes, b);
    expect(await removeUnrecordedFiles(h.pool, released)).toEqual([]);
    expect(await readFile(path)).toEqual(bytes);
  });
});

describe('only bytes that match their name enter the cache', () => {
  const poster = (shade: number) =>
    sharp({ create: { width: 64, height: 96, channels: 3, background: { r: shade, g: 10, b: 10 } } })
      .jpeg()
      .toBuffer();

  it('refuses a temp file whose bytes changed after hashing (a stale attempt wrote into it)', async () => {
    const id = await movie();
    const image = await download(await poster(1), id);
    await writeFile(image.tempPath, await poster(2));
    const store = storeBlob(h.pool, h.config.cacheDir, image, {
      movieId: id,
      assetType: 'poster',
      candidateId: image.candidateId,
    });
    await expect(store).rejects.toBeInstanceOf(UntrustedTempFile);
    expect(existsSync(blobPath(h.config.cacheDir, image.sha256, 'jpg'))).toBe(false);
    expect(await refs(image.sha256)).toEqual([]);
  });

  it('replaces a cache file whose bytes no longer match its name', async () => {
    const id = await movie();
    const bytes = await poster(3);
    const image = await download(bytes, id);
    const path = blobPath(h.config.cacheDir, image.sha256, 'jpg');
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'not the poster');
    await storeBlob(h.pool, h.config.cacheDir, image, {
      movieId: id,
      assetType: 'poster',
      candidateId: image.candidateId,
    });
    expect(await readFile(path)).toEqual(bytes);
  });

  it('moves nothing into the cache from outside its temp folder', async () => {
    const id = await movie();
    const image = await download(await poster(4), id);
    for (const tempPath of [
      '/etc/passwd',
      join(h.config.cacheDir, 'images', 'x.jpg'),
      join(h.config.cacheDir, '.tmp', '..', 'x'),
    ])
      await expect(
        storeBlob(
          h.pool,
          h.config.cacheDir,
          { ...image, tempPath },
          { movieId: id, assetType: 'poster', candidateId: image.candidateId },
        ),
      ).rejects.toBeInstanceOf(UntrustedTempFile);
    expect(() => runTempDir(h.config.cacheDir, '..')).toThrow(/bad run key/);
    expect(() => runTempDir(h.config.cacheDir, '.')).toThrow(/bad run key/);
  });
});
