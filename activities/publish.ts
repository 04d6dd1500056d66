// Publishing: the movie's NFO and its selected artwork (locked types too), copied
// from the cache into the video file's folder under Kodi's names. The library copies can always be
// rebuilt from the cache, so a write is atomic (temp file in the same folder, then rename)
// but not fsynced. `library_files` lists what we wrote: only those files are ever removed.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { selectedArtwork } from '../db/candidates.js';
import { forgetLibraryFile, libraryFilesOf, recordLibraryFile } from '../db/library-files.js';
import { findMovie, markPublished } from '../db/movies.js';
import { crewNames, listNames, movieCollection, publishedCast } from '../db/relations.js';
import { FailureType } from '../domain/failures.js';
import {
  actorThumbPath,
  artworkFileName,
  nfoFileName,
  videoBaseName,
  type LibraryBase,
} from '../domain/library-layout.js';
import { buildMovieNfo, type NfoMovie, type NfoRating } from '../domain/nfo.js';
import { publishActorRow, publishAssetRow, publishMovieRow } from '../domain/schemas.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';

/** One file of a publish; `name` is relative to the folder. */
export type LibraryFile =
  | { kind: 'nfo'; name: string; sha256: string; content: string }
  | {
      kind: 'image';
      name: string;
      sha256: string;
      assetType: AssetType | 'actor_thumb';
      source: string;
      label: string;
    };

export interface PublishPlan {
  folder: string;
  files: LibraryFile[];
}

/** Bad input a retry cannot fix: the workflow fails with this message. */
const badInput = (message: string, type: FailureType) => ApplicationFailure.nonRetryable(message, type);

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
    if (isErrno(err, 'ENOENT', 'ENOTDIR'))
      throw badInput(`library folder ${folder} does not exist`, FailureType.LibraryFolderUnusable);
    throw err;
  });
  if (!info.isDirectory())
    throw badInput(`library folder ${folder} is not a folder`, FailureType.LibraryFolderUnusable);
  await access(folder, constants.W_OK).catch(() => {
    throw badInput(`library folder ${folder} is not writable`, FailureType.LibraryFolderUnusable);
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
    if (!info?.isFile())
      throw badInput(`cache file ${f.source} for ${f.label} is missing`, FailureType.CacheFileMissing);
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
      throw badInput(`cannot write ${target}: ${(err as Error).message}`, FailureType.LibraryWriteFailed);
    throw err;
  }
}

export function createPublishActivities({ pool }: ActivityDeps) {
  /** Where the movie goes: base name = the video file's name minus extension, Kodi's folder names for a bare folder. */
  async function locate(movieId: number, filePath: string | null): Promise<{ folder: string; base: LibraryBase }> {
    if (!filePath) throw badInput(`movie ${movieId} has no file path: nothing to publish into`, FailureType.NoFilePath);
    // Workers on other hosts must find the same place.
    if (!isAbsolute(filePath))
      throw badInput(
        `movie ${movieId} has a relative file path ${filePath}: nothing to publish into`,
        FailureType.NoFilePath,
      );
    const path = resolve(filePath);
    const info = await stat(path).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    });
    return info?.isDirectory()
      ? { folder: path, base: null }
      : { folder: dirname(path), base: videoBaseName(basename(path)) };
  }

  /** The selected artwork in rank order per type (stored score, then id); every pick must be cached. */
  async function artworkFiles(movieId: number, base: LibraryBase): Promise<LibraryFile[]> {
    const rows = (await selectedArtwork(pool, movieId, ASSET_TYPES)).map((r) => publishAssetRow.parse(r));
    const rank = new Map<AssetType, number>();
    return rows.map((a): LibraryFile => {
      const n = (rank.get(a.asset_type) ?? 0) + 1;
      rank.set(a.asset_type, n);
      const label = `${a.asset_type} rank ${n}`;
      if (!a.sha256 || !a.file_path || !a.format)
        throw badInput(`${label} (candidate ${a.id}) is selected but not in the cache`, FailureType.CacheFileMissing);
      return {
        kind: 'image',
        name: artworkFileName(base, a.asset_type, n, a.format),
        sha256: a.sha256,
        assetType: a.asset_type,
        source: a.file_path,
        label,
      };
    });
  }

  /** Cast in credit order; a headshot in the cache becomes `.actors/{name}.{ext}`, referenced from the NFO. */
  async function castAndHeadshots(movieId: number): Promise<{ actors: NfoMovie['actors']; files: LibraryFile[] }> {
    const rows = (await publishedCast(pool, movieId)).map((r) => publishActorRow.parse(r));
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
        if (sha256 === null)
          throw badInput(`cache file ${source} for the headshot of ${a.name} is missing`, FailureType.CacheFileMissing);
        files.push({
          kind: 'image',
          name: thumb,
          sha256,
          assetType: 'actor_thumb',
          source,
          label: `the headshot of ${a.name}`,
        });
      }
      actors.push({ name: a.name, role: a.role, order: a.actor_order, thumb });
    }
    return { actors, files };
  }

  /**
   * Reads the movie, its lists and its selection (the current one, locked or not), checks the
   * folder and every cache file, and returns the files to write. Writes nothing.
   */
  async function planPublish(input: { movieId: number }): Promise<PublishPlan> {
    const raw = await findMovie(pool, input.movieId);
    if (!raw) throw badInput(`movie ${input.movieId} does not exist`, FailureType.MovieNotFound);
    const m = publishMovieRow.parse(raw);
    const { folder, base } = await locate(m.id, m.file_path);
    await checkFolder(folder);

    const [genres, directors, writers, studios, countries, tags, collection, cast, artwork] = await Promise.all([
      listNames(pool, m.id, 'genres'),
      crewNames(pool, m.id, 'directors'),
      crewNames(pool, m.id, 'writers'),
      // No order is stored for these lists: by name, so the NFO's bytes do not change between publishes.
      listNames(pool, m.id, 'studios'),
      listNames(pool, m.id, 'countries'),
      listNames(pool, m.id, 'tags'),
      movieCollection(pool, m.id),
      castAndHeadshots(m.id),
      artworkFiles(m.id, base),
    ]);
    const ratings: NfoRating[] = [];
    if (m.tmdb_rating !== null) ratings.push({ name: 'tmdb', value: m.tmdb_rating, votes: m.tmdb_votes });
    if (m.imdb_rating !== null) ratings.push({ name: 'imdb', value: m.imdb_rating, votes: m.imdb_votes });
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
    const nfo: LibraryFile = {
      kind: 'nfo',
      name: nfoFileName(base),
      sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
      content,
    };
    const files = [nfo, ...artwork, ...cast.files];
    await checkSources(files);
    return { folder, files };
  }

  /**
   * Writes the planned files that differ from what is in the folder; a file already holding the
   * same bytes is left alone (its mtime too). Records every planned file as ours. Idempotent.
   */
  async function writeLibraryFiles(input: {
    movieId: number;
    folder: string;
    files: LibraryFile[];
  }): Promise<{ written: string[]; unchanged: string[] }> {
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
      await recordLibraryFile(pool, {
        movieId: input.movieId,
        path: target,
        kind: file.kind,
        assetType: file.kind === 'image' ? file.assetType : null,
        sha256: file.sha256,
        fresh: !same,
      });
    }
    return { written, unchanged };
  }

  /**
   * Removes what an earlier publish wrote for this movie and the current one no longer has, then
   * marks the movie published. A stale file whose bytes are no longer ours was replaced by
   * the user: it stays, and is no longer ours.
   */
  async function completePublish(input: {
    movieId: number;
    folder: string;
    keep: string[];
  }): Promise<{ removed: string[] }> {
    const keep = new Set(input.keep.map((name) => join(input.folder, name)));
    const ours = await libraryFilesOf(pool, input.movieId);
    const activity = Context.current();
    const removed: string[] = [];
    for (const row of ours.filter((r) => !keep.has(r.path))) {
      activity.heartbeat({ file: row.path });
      if ((await fileSha256(row.path)) === row.sha256) {
        await rm(row.path, { force: true });
        removed.push(relative(input.folder, row.path));
      }
      await forgetLibraryFile(pool, row.id);
    }
    if (!(await markPublished(pool, input.movieId)))
      throw badInput(`movie ${input.movieId} was deleted while it was being published`, FailureType.MovieNotFound);
    return { removed };
  }

  return { planPublish, writeLibraryFiles, completePublish };
}
