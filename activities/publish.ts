// Publishing (ENRICHMENT.md §10 with D22, D23): the movie's NFO and its selected artwork, copied
// from the cache into the video file's folder under Kodi's names. The library copies can always be
// rebuilt from the cache (§10.5), so a write is atomic (temp file in the same folder, then rename)
// but not fsynced. `library_files` lists what we wrote: only those files are ever removed.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { actorThumbPath, artworkFileName, nfoFileName, videoBaseName, type LibraryBase } from '../domain/library-layout.js';
import { buildMovieNfo, type NfoMovie, type NfoRating } from '../domain/nfo.js';
import { publishActorRow, publishAssetRow, publishMovieRow } from '../domain/schemas.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';

/** One file of a publish; `name` is relative to the folder. */
export type LibraryFile =
  | { kind: 'nfo'; name: string; sha256: string; content: string }
  | { kind: 'image'; name: string; sha256: string; assetType: AssetType | 'actor_thumb'; source: string; label: string };

export interface PublishPlan {
  folder: string;
  files: LibraryFile[];
}

/** Bad input a retry cannot fix: the workflow fails with this message. */
const badInput = (message: string, type: string) => ApplicationFailure.nonRetryable(message, `Publish.${type}`);

const isErrno = (err: unknown, ...codes: string[]) => codes.includes((err as NodeJS.ErrnoException).code ?? '');

/** Of a file's current bytes; null when there is no file. */
async function fileSha256(path: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'EISDIR')) return null;
    throw err;
  }
  return hash.digest('hex');
}

async function checkFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch((err: unknown) => {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) throw badInput(`library folder ${folder} does not exist`, 'folder');
    throw err;
  });
  if (!info.isDirectory()) throw badInput(`library folder ${folder} is not a folder`, 'folder');
  await access(folder, constants.W_OK).catch(() => {
    throw badInput(`library folder ${folder} is not writable`, 'folder');
  });
}

/** Every source, before anything is written: a missing one must leave the library as it was. */
async function checkSources(files: LibraryFile[]): Promise<void> {
  for (const f of files) {
    if (f.kind !== 'image') continue;
    const info = await stat(f.source).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    });
    if (!info?.isFile()) throw badInput(`cache file ${f.source} for ${f.label} is missing`, 'cacheFileMissing');
  }
}

/** Temp file beside the target (same file system, so the rename is atomic), then rename. */
async function writeAtomically(target: string, file: LibraryFile): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  // Random: a timed-out attempt still running elsewhere must not share the retry's temp file.
  const temp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    if (file.kind === 'nfo') await writeFile(temp, file.content, 'utf8');
    else await copyFile(file.source, temp);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    // Permissions, a read-only mount, a folder where the file should go: retrying will not help.
    if (isErrno(err, 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOENT'))
      throw badInput(`cannot write ${target}: ${(err as Error).message}`, 'write');
    throw err;
  }
}

export function createPublishActivities({ pool }: ActivityDeps) {
  const names = async (sql: string, movieId: number) => (await pool.query<{ name: string }>(sql, [movieId])).rows.map((r) => r.name);

  /** Where the movie goes: D22's base name from the video file, Kodi's folder names for a bare folder. */
  async function locate(movieId: number, filePath: string | null): Promise<{ folder: string; base: LibraryBase }> {
    if (!filePath) throw badInput(`movie ${movieId} has no file path: nothing to publish into`, 'noFilePath');
    // Workers on other hosts must find the same place.
    if (!isAbsolute(filePath)) throw badInput(`movie ${movieId} has a relative file path ${filePath}: nothing to publish into`, 'noFilePath');
    const path = resolve(filePath);
    const info = await stat(path).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    });
    return info?.isDirectory() ? { folder: path, base: null } : { folder: dirname(path), base: videoBaseName(basename(path)) };
  }

  /** The selected artwork in rank order per type (score, then id: D16); every pick must be cached. */
  async function artworkFiles(movieId: number, base: LibraryBase): Promise<LibraryFile[]> {
    const rows = (
      await pool.query(
        `SELECT a.id, a.asset_type, b.sha256, b.file_path, b.format
           FROM provider_assets a LEFT JOIN cache_blobs b ON b.sha256 = a.content_hash
          WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.is_selected AND a.asset_type = ANY($2)
          ORDER BY a.asset_type, a.score DESC NULLS LAST, a.id`,
        [movieId, [...ASSET_TYPES]],
      )
    ).rows.map((r) => publishAssetRow.parse(r));
    const rank = new Map<AssetType, number>();
    return rows.map((a): LibraryFile => {
      const n = (rank.get(a.asset_type) ?? 0) + 1;
      rank.set(a.asset_type, n);
      const label = `${a.asset_type} rank ${n}`;
      if (!a.sha256 || !a.file_path || !a.format)
        throw badInput(`${label} (candidate ${a.id}) is selected but not in the cache`, 'cacheFileMissing');
      return { kind: 'image', name: artworkFileName(base, a.asset_type, n, a.format), sha256: a.sha256, assetType: a.asset_type, source: a.file_path, label };
    });
  }

  /** Cast in credit order; a headshot in the cache becomes `.actors/{name}.{ext}`, referenced from the NFO. */
  async function castAndHeadshots(movieId: number): Promise<{ actors: NfoMovie['actors']; files: LibraryFile[] }> {
    const rows = (
      await pool.query(
        `SELECT a.name, ma.role, ma.actor_order, a.image_cache_path
           FROM movie_actors ma JOIN actors a ON a.id = ma.actor_id
          WHERE ma.movie_id = $1 AND NOT ma.removed
          ORDER BY ma.actor_order NULLS LAST, ma.id`,
        [movieId],
      )
    ).rows.map((r) => publishActorRow.parse(r));
    const files: LibraryFile[] = [];
    const actors: NfoMovie['actors'] = [];
    for (const a of rows) {
      const ext = a.image_cache_path ? extname(a.image_cache_path).slice(1).toLowerCase() || 'jpg' : null;
      let thumb = ext ? actorThumbPath(a.name, ext) : null;
      // Two actors whose names clean to the same file: the first in credit order keeps it.
      if (thumb && files.some((f) => f.name === thumb)) thumb = null;
      if (thumb) {
        const source = a.image_cache_path!;
        const sha256 = await fileSha256(source);
        if (sha256 === null) throw badInput(`cache file ${source} for the headshot of ${a.name} is missing`, 'cacheFileMissing');
        files.push({ kind: 'image', name: thumb, sha256, assetType: 'actor_thumb', source, label: `the headshot of ${a.name}` });
      }
      actors.push({ name: a.name, role: a.role, order: a.actor_order, thumb });
    }
    return { actors, files };
  }

  /**
   * Reads the movie, its lists and its selection (D23: the current one, locked or not), checks the
   * folder and every cache file, and returns the files to write. Writes nothing.
   */
  async function planPublish(input: { movieId: number }): Promise<PublishPlan> {
    const raw = (await pool.query('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL', [input.movieId])).rows[0];
    if (!raw) throw badInput(`movie ${input.movieId} does not exist`, 'movieNotFound');
    const m = publishMovieRow.parse(raw);
    const { folder, base } = await locate(m.id, m.file_path);
    await checkFolder(folder);

    const [genres, directors, writers, studios, countries, tags, set, cast, artwork] = await Promise.all([
      names('SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = $1 ORDER BY g.name', m.id),
      names(`SELECT c.name FROM movie_crew mc JOIN crew c ON c.id = mc.crew_id WHERE mc.movie_id = $1 AND mc.role = 'director' ORDER BY mc.sort_order, c.name`, m.id),
      names(`SELECT c.name FROM movie_crew mc JOIN crew c ON c.id = mc.crew_id WHERE mc.movie_id = $1 AND mc.role = 'writer' ORDER BY mc.sort_order, c.name`, m.id),
      // No order is stored for these lists: by name, so the NFO's bytes do not change between publishes.
      names('SELECT s.name FROM movie_studios ms JOIN studios s ON s.id = ms.studio_id WHERE ms.movie_id = $1 ORDER BY s.name', m.id),
      names('SELECT c.name FROM movie_countries mc JOIN countries c ON c.id = mc.country_id WHERE mc.movie_id = $1 ORDER BY c.name', m.id),
      names('SELECT t.name FROM movie_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.movie_id = $1 ORDER BY t.name', m.id),
      // Kodi's NFO holds one set.
      pool.query<{ name: string; plot: string | null }>(
        `SELECT c.name, c.plot FROM movie_collection_members m JOIN movie_collections c ON c.id = m.collection_id
          WHERE m.movie_id = $1 ORDER BY c.id LIMIT 1`,
        [m.id],
      ),
      castAndHeadshots(m.id),
      artworkFiles(m.id, base),
    ]);
    const ratings: NfoRating[] = [];
    if (m.tmdb_rating !== null) ratings.push({ name: 'tmdb', value: m.tmdb_rating, votes: m.tmdb_votes });
    if (m.imdb_rating !== null) ratings.push({ name: 'imdb', value: m.imdb_rating, votes: m.imdb_votes });
    const collection = set.rows[0];
    const content = buildMovieNfo({
      title: m.title,
      originalTitle: m.original_title,
      sortTitle: m.sort_title,
      ratings,
      userRating: m.user_rating,
      outline: m.outline,
      plot: m.plot,
      tagline: m.tagline,
      runtime: m.runtime,
      contentRating: m.content_rating,
      tmdbId: m.tmdb_id,
      imdbId: m.imdb_id,
      genres,
      countries,
      set: collection ? { name: collection.name, overview: collection.plot } : null,
      tags,
      writers,
      directors,
      releaseDate: m.release_date,
      year: m.year,
      studios,
      actors: cast.actors,
    });
    const nfo: LibraryFile = { kind: 'nfo', name: nfoFileName(base), sha256: createHash('sha256').update(content, 'utf8').digest('hex'), content };
    const files = [nfo, ...artwork, ...cast.files];
    await checkSources(files);
    return { folder, files };
  }

  /**
   * Writes the planned files that differ from what is in the folder; a file already holding the
   * same bytes is left alone (its mtime too). Records every planned file as ours. Idempotent.
   */
  async function writeLibraryFiles(input: { movieId: number; folder: string; files: LibraryFile[] }): Promise<{ written: string[]; unchanged: string[] }> {
    // Again, here: this attempt may run long after the plan (a retry), and must not write half a publish.
    await checkFolder(input.folder);
    await checkSources(input.files);
    const activity = Context.current();
    const written: string[] = [];
    const unchanged: string[] = [];
    for (const file of input.files) {
      activity.heartbeat({ file: file.name });
      const target = join(input.folder, file.name);
      const same = (await fileSha256(target)) === file.sha256;
      if (!same) await writeAtomically(target, file);
      (same ? unchanged : written).push(file.name);
      // After the rename: a crash in between leaves a file with our bytes, recorded by the retry as unchanged.
      await pool.query(
        `INSERT INTO library_files (movie_id, path, kind, asset_type, sha256) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (path) DO UPDATE SET movie_id = EXCLUDED.movie_id, kind = EXCLUDED.kind, asset_type = EXCLUDED.asset_type,
           sha256 = EXCLUDED.sha256, published_at = CASE WHEN $6 THEN now() ELSE library_files.published_at END`,
        [input.movieId, target, file.kind, file.kind === 'image' ? file.assetType : null, file.sha256, !same],
      );
    }
    return { written, unchanged };
  }

  /**
   * Removes what an earlier publish wrote for this movie and the current one no longer has, then
   * marks the movie published (§10.1). A stale file whose bytes are no longer ours was replaced by
   * the user: it stays, and is no longer ours.
   */
  async function completePublish(input: { movieId: number; folder: string; keep: string[] }): Promise<{ removed: string[] }> {
    const keep = new Set(input.keep.map((name) => join(input.folder, name)));
    const ours = await pool.query<{ id: number; path: string; sha256: string }>('SELECT id, path, sha256 FROM library_files WHERE movie_id = $1 ORDER BY path', [
      input.movieId,
    ]);
    const activity = Context.current();
    const removed: string[] = [];
    for (const row of ours.rows.filter((r) => !keep.has(r.path))) {
      activity.heartbeat({ file: row.path });
      if ((await fileSha256(row.path)) === row.sha256) {
        await rm(row.path, { force: true });
        removed.push(relative(input.folder, row.path));
      }
      await pool.query('DELETE FROM library_files WHERE id = $1', [row.id]);
    }
    const done = await pool.query(
      `UPDATE movies SET identification_status = 'published', published_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL`,
      [input.movieId],
    );
    if (done.rowCount === 0) throw badInput(`movie ${input.movieId} was deleted while it was being published`, 'movieNotFound');
    return { removed };
  }

  return { planPublish, writeLibraryFiles, completePublish };
}
