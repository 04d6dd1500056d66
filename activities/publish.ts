// Publishing: the movie's NFO, its selected artwork (locked types too) and its trailer, copied
// from the cache into the video file's folder under Kodi's names. The library copies can always be
// rebuilt from the cache, so a write is atomic (temp file in the same folder, then rename)
// but not fsynced. `library_files` lists what we wrote: only those files are ever removed, and a
// file of the user's at a name we write is backed up into the cache first, never lost.
//
// Every step trusts only the database: the folder is derived again from the movie's row (inside a
// library root, symlinks and `..` resolved), names must be plain names, sources files in the cache.
// Nothing at a target name is followed or opened unless it is a regular file (a FIFO would block).
import { createHash } from 'node:crypto';
import { link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { Context } from '@temporalio/activity';
import { selectedArtwork } from '../db/candidates.js';
import { recordLibraryBackup } from '../db/library-backups.js';
import { forgetLibraryFile, libraryFilesOf, recordLibraryFile } from '../db/library-files.js';
import { findMovie, markPublished } from '../db/movies.js';
import { crewNames, listNames, movieCollection, publishedCast } from '../db/relations.js';
import { publishedTrailer } from '../db/trailers.js';
import { FailureType } from '../domain/failures.js';
import {
  ACTORS_FOLDER,
  actorThumbPath,
  artworkFileName,
  libraryNameProblem,
  nfoFileName,
  trailerFileName,
  videoBaseName,
  type LibraryBase,
} from '../domain/library-layout.js';
import { buildMovieNfo, type NfoMovie, type NfoRating } from '../domain/nfo.js';
import { publishActorRow, publishAssetRow, publishMovieRow } from '../domain/schemas.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import { realPathOf, resolveInRoots } from '../lib/library-roots.js';
import type { ActivityDeps } from './deps.js';
import {
  badInput,
  isErrno,
  CREATE_FLAGS,
  examine,
  copyRegular,
  tempBeside,
  leftoverTemps,
  unsafeTarget,
  isInside,
  checkFolder,
  checkActorsFolder,
  checkTargets,
} from './library-fs.js';
import { movieInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

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
    }
  | { kind: 'video'; name: string; sha256: string; assetType: 'trailer'; source: string; label: string };

export interface PublishPlan {
  folder: string;
  files: LibraryFile[];
}

const rejected = (message: string) => badInput(message, FailureType.PublishInputRejected);

/** Which kind of file a name publishing keeps is, by its ending. */
const kindOfName = (name: string) =>
  name.endsWith('.nfo') ? 'nfo' : /-trailer\.[^./]+$/.test(name) ? 'video' : 'image';

const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A step's files as the plan made them; anything a plan cannot produce is refused. */
function checkPlannedFiles(files: unknown): LibraryFile[] {
  if (!Array.isArray(files)) throw rejected('the files to publish are not a list');
  const names = new Set<string>();
  for (const f of files as LibraryFile[]) {
    if (
      typeof f !== 'object' ||
      f === null ||
      (f.kind !== 'nfo' && f.kind !== 'image' && f.kind !== 'video') ||
      typeof f.name !== 'string'
    )
      throw rejected('a file to publish is not an NFO, an image or a trailer');
    const problem = libraryNameProblem(f.name, f.kind);
    if (problem) throw rejected(`refusing to publish ${problem}`);
    if (names.has(f.name)) throw rejected(`${JSON.stringify(f.name)} is listed twice`);
    names.add(f.name);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256))
      throw rejected(`${JSON.stringify(f.name)} has no valid SHA-256`);
    if (f.kind === 'nfo' && (typeof f.content !== 'string' || sha256Of(f.content) !== f.sha256))
      throw rejected(`the NFO ${JSON.stringify(f.name)} does not match its SHA-256`);
    if (
      f.kind === 'image' &&
      (typeof f.source !== 'string' ||
        typeof f.label !== 'string' ||
        !(f.assetType === 'actor_thumb' || (ASSET_TYPES as readonly string[]).includes(f.assetType)))
    )
      throw rejected(`the image ${JSON.stringify(f.name)} has no valid source, label or type`);
    if (
      f.kind === 'video' &&
      (typeof f.source !== 'string' || typeof f.label !== 'string' || f.assetType !== 'trailer')
    )
      throw rejected(`the trailer ${JSON.stringify(f.name)} has no valid source, label or type`);
  }
  return files as LibraryFile[];
}

export function createPublishActivities({ pool, config }: ActivityDeps) {
  /**
   * Where the movie goes: its path resolved (symlinks, `..`) and inside a library root; base name =
   * the video file's name minus extension, Kodi's folder names for a bare folder.
   */
  async function locate(movieId: number, filePath: string | null): Promise<{ folder: string; base: LibraryBase }> {
    if (!filePath) throw badInput(`movie ${movieId} has no file path: nothing to publish into`, FailureType.NoFilePath);
    // Workers on other hosts must find the same place.
    if (!isAbsolute(filePath))
      throw badInput(
        `movie ${movieId} has a relative file path ${filePath}: nothing to publish into`,
        FailureType.NoFilePath,
      );
    const inRoots = await resolveInRoots(filePath, config.libraryRoots);
    if (!inRoots.ok && inRoots.unresolvable === 'ENOTDIR')
      throw badInput(`library folder ${dirname(filePath)} is not a folder`, FailureType.LibraryFolderUnusable);
    if (!inRoots.ok && inRoots.unresolvable === 'ELOOP')
      throw badInput(
        `movie ${movieId}'s path ${filePath} cannot be resolved (a symbolic link loop): nothing is published`,
        FailureType.PathOutsideLibraryRoots,
      );
    if (!inRoots.ok)
      throw badInput(`movie ${movieId} is not published: ${inRoots.reason}`, FailureType.PathOutsideLibraryRoots);
    const path = inRoots.path;
    const info = await stat(path).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    });
    if (info?.isDirectory()) return { folder: path, base: null };
    const base = videoBaseName(basename(path));
    if (base.startsWith('.'))
      throw badInput(
        `movie ${movieId}'s video file ${path} is hidden (its name starts with a dot): nothing is published beside it`,
        FailureType.NoFilePath,
      );
    return { folder: dirname(path), base };
  }

  /** The live movie's row and its folder, derived from the row alone and checked. */
  async function movieAndFolder(movieId: number) {
    const raw = await findMovie(pool, movieId);
    if (!raw) throw badInput(`movie ${movieId} does not exist`, FailureType.MovieNotFound);
    const movie = publishMovieRow.parse(raw);
    const { folder, base } = await locate(movie.id, movie.file_path);
    await checkFolder(folder);
    return { movie, folder, base };
  }

  /** A step's `folder` must be the one the database gives now. */
  async function derivedFolder(movieId: number, given: unknown): Promise<string> {
    if (!Number.isSafeInteger(movieId) || movieId <= 0) throw rejected(`${JSON.stringify(movieId)} is not a movie id`);
    const { folder } = await movieAndFolder(movieId);
    if (given !== folder)
      throw rejected(`${JSON.stringify(given)} is not movie ${movieId}'s folder (${folder}): nothing is published`);
    return folder;
  }

  /**
   * An image's source: its real path, strictly inside the cache folder, a regular file holding
   * `sha256` when given. Returns the real path and the bytes' hash.
   */
  async function checkSource(
    source: string,
    label: string,
    sha256?: string,
  ): Promise<{ path: string; sha256: string }> {
    const missing = () => badInput(`cache file ${source} for ${label} is missing`, FailureType.CacheFileMissing);
    if (!isAbsolute(source)) throw rejected(`the source of ${label}, ${JSON.stringify(source)}, is not in the cache`);
    const real = await realPathOf(source).catch((err: unknown) => {
      if (isErrno(err, 'ENOTDIR', 'ELOOP')) throw missing();
      throw err;
    });
    if (!isInside(await realPathOf(config.cacheDir), real))
      throw rejected(`the source of ${label}, ${source}, is not in the cache`);
    const found = await examine(real);
    if (found.kind === 'none') throw missing();
    if (found.kind === 'other') throw rejected(`the source of ${label}, ${source}, is ${found.what}`);
    if (sha256 !== undefined && found.sha256 !== sha256)
      throw badInput(
        `cache file ${source} for ${label} does not hold the expected bytes`,
        FailureType.CacheFileMissing,
      );
    return { path: real, sha256: found.sha256 };
  }

  /** Every source, before anything is written: a missing one must leave the library as it was. */
  async function checkSources(files: LibraryFile[]): Promise<Map<string, string>> {
    const sources = new Map<string, string>();
    for (const f of files)
      if (f.kind !== 'nfo') sources.set(f.name, (await checkSource(f.source, f.label, f.sha256)).path);
    return sources;
  }

  /** Temp file beside the target (same file system, so the rename is atomic), then rename. */
  async function writeAtomically(target: string, file: LibraryFile, source: string | undefined): Promise<void> {
    const temp = tempBeside(target);
    try {
      if (file.kind === 'nfo') await writeFile(temp, file.content, { encoding: 'utf8', flag: CREATE_FLAGS });
      else {
        const copied = await copyRegular(source!, temp);
        if (copied.sha256 !== file.sha256) throw new Error(`cache file ${file.source} changed while it was copied`);
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      // Permissions, a read-only mount, a folder where the file should go: retrying will not help.
      if (isErrno(err, 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOENT'))
        throw badInput(`cannot write ${target}: ${(err as Error).message}`, FailureType.LibraryWriteFailed);
      throw err;
    }
  }

  /**
   * Copies the user's file at `name` to `{cache}/backups/{movieId}/{name}` (a numeric suffix when
   * a backup of that name holds other bytes; the same bytes already backed up are not copied
   * again) and records it. Returns the backup's path.
   */
  async function backUp(movieId: number, folder: string, name: string, sha256: string): Promise<string> {
    const original = join(folder, name);
    const dir = join(config.cacheDir, 'backups', String(movieId), dirname(name));
    await mkdir(dir, { recursive: true });
    const file = basename(name);
    const ext = extname(file);
    const stem = file.slice(0, file.length - ext.length);
    const temp = tempBeside(join(dir, file));
    let backup: string | undefined;
    let size = 0;
    try {
      const copied = await copyRegular(original, temp);
      // Changed since it was looked at: the next attempt looks again.
      if (copied.sha256 !== sha256) throw new Error(`${original} changed while it was backed up`);
      size = copied.size;
      for (let n = 0; backup === undefined; n++) {
        const candidate = join(dir, n === 0 ? file : `${stem}.${n}${ext}`);
        try {
          // A hard link never replaces an existing file, and the backup appears whole.
          await link(temp, candidate);
          backup = candidate;
        } catch (err) {
          if (!isErrno(err, 'EEXIST')) throw err;
          const there = await examine(candidate);
          if (there.kind === 'file' && there.sha256 === sha256) backup = candidate;
        }
      }
    } finally {
      await rm(temp, { force: true });
    }
    await recordLibraryBackup(pool, { movieId, originalPath: original, backupPath: backup, sha256, size });
    return backup;
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

  /** The selected trailer, once its video is in the cache: `{base}-trailer.{ext}`. */
  async function trailerFile(movieId: number, base: LibraryBase): Promise<LibraryFile | null> {
    const row = await publishedTrailer(pool, movieId);
    if (!row) return null;
    return {
      kind: 'video',
      name: trailerFileName(base, row.format),
      sha256: row.sha256,
      assetType: 'trailer',
      source: row.file_path,
      label: 'the trailer',
    };
  }

  /** Cast in credit order; a headshot in the cache becomes `.actors/{name}.{ext}`, referenced from the NFO. */
  async function castAndHeadshots(movieId: number): Promise<{ actors: NfoMovie['actors']; files: LibraryFile[] }> {
    const rows = (await publishedCast(pool, movieId)).map((r) => publishActorRow.parse(r));
    const files: LibraryFile[] = [];
    const actors: NfoMovie['actors'] = [];
    for (const a of rows) {
      const ext = a.image_cache_path ? extname(a.image_cache_path).slice(1).toLowerCase() || 'jpg' : null;
      let thumb = ext ? actorThumbPath(a.name, ext) : null;
      // A name that cleans to no plain file name (a leading dot), or to one an earlier actor in credit order has: no thumb.
      if (thumb && (libraryNameProblem(thumb, 'image') || files.some((f) => f.name === thumb))) thumb = null;
      if (thumb) {
        const source = a.image_cache_path!;
        const label = `the headshot of ${a.name}`;
        const { sha256 } = await checkSource(source, label);
        files.push({ kind: 'image', name: thumb, sha256, assetType: 'actor_thumb', source, label });
      }
      actors.push({ name: a.name, role: a.role, order: a.actor_order, thumb });
    }
    return { actors, files };
  }

  /**
   * Reads the movie, its lists and its selection (the current one, locked or not), checks the
   * folder, every target name and every cache file, and returns the files to write. Writes nothing.
   */
  async function planPublish(raw: { movieId: number }): Promise<PublishPlan> {
    const input = parseInput(movieInput, raw);
    const { movie: m, folder, base } = await movieAndFolder(input.movieId);

    const [genres, directors, writers, studios, countries, tags, collection, cast, artwork, trailer] =
      await Promise.all([
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
        trailerFile(m.id, base),
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
      trailer: trailer?.name ?? null,
      actors: cast.actors,
    });
    const nfo: LibraryFile = { kind: 'nfo', name: nfoFileName(base), sha256: sha256Of(content), content };
    const files = checkPlannedFiles([nfo, ...artwork, ...cast.files, ...(trailer ? [trailer] : [])]);
    await checkSources(files);
    await checkTargets(folder, files);
    return { folder, files };
  }

  /**
   * Writes the planned files that differ from what is in the folder; a file already holding the
   * same bytes is left alone (its mtime too). A file at a target name that is not ours (not listed
   * in `library_files` with its current bytes) is backed up first, even when it holds our bytes.
   * Records every planned file as ours. Idempotent.
   */
  async function writeLibraryFiles(input: {
    movieId: number;
    folder: string;
    files: LibraryFile[];
  }): Promise<{ written: string[]; unchanged: string[]; backedUp: { from: string; to: string }[] }> {
    // Again, here: this attempt may run long after the plan (a retry), and must not write half a publish.
    const folder = await derivedFolder(input.movieId, input.folder);
    const files = checkPlannedFiles(input.files);
    const sources = await checkSources(files);
    await checkTargets(folder, files);
    const ours = new Map((await libraryFilesOf(pool, input.movieId)).map((r) => [r.path, r.sha256]));
    // An attempt that died mid-write (a killed worker) left its temp file: this attempt clears it.
    for (const temp of await leftoverTemps(
      folder,
      files.map((f) => f.name),
    ))
      await rm(temp, { force: true });
    const activity = Context.current();
    const written: string[] = [];
    const unchanged: string[] = [];
    const backedUp: { from: string; to: string }[] = [];
    for (const file of files) {
      activity.heartbeat({ file: file.name });
      if (file.name.startsWith(`${ACTORS_FOLDER}/`)) {
        await mkdir(join(folder, ACTORS_FOLDER)).catch((err: unknown) => {
          if (!isErrno(err, 'EEXIST')) throw err;
        });
        await checkActorsFolder(folder, [file]);
      }
      const target = join(folder, file.name);
      const found = await examine(target);
      if (found.kind === 'other') throw unsafeTarget(target, found.what);
      const same = found.kind === 'file' && found.sha256 === file.sha256;
      // A file that is not ours is backed up before we take it over, even one holding our bytes:
      // once recorded as ours, a later publish may replace or remove it. (A retry after a crash
      // between our rename and its record backs up our own bytes once more: a spare copy, no loss.)
      if (found.kind === 'file' && ours.get(target) !== found.sha256)
        backedUp.push({ from: file.name, to: await backUp(input.movieId, folder, file.name, found.sha256) });
      if (!same) await writeAtomically(target, file, sources.get(file.name));
      (same ? unchanged : written).push(file.name);
      // After the rename: a crash in between leaves a file with our bytes, recorded by the retry as unchanged.
      await recordLibraryFile(pool, {
        movieId: input.movieId,
        path: target,
        kind: file.kind,
        assetType: file.kind === 'nfo' ? null : file.assetType,
        sha256: file.sha256,
        fresh: !same,
      });
    }
    return { written, unchanged, backedUp };
  }

  /**
   * Removes what an earlier publish wrote for this movie and the current one no longer has, then
   * marks the movie published. A stale file whose bytes are no longer ours was replaced by
   * the user: it stays, and is no longer ours; so does one that is now reached through a symlink
   * or lies outside the library roots.
   */
  async function completePublish(input: {
    movieId: number;
    folder: string;
    keep: string[];
  }): Promise<{ removed: string[] }> {
    const folder = await derivedFolder(input.movieId, input.folder);
    if (!Array.isArray(input.keep)) throw rejected('the files to keep are not a list');
    for (const name of input.keep) {
      const problem = typeof name === 'string' ? libraryNameProblem(name, kindOfName(name)) : 'not a name';
      if (problem) throw rejected(`refusing to keep ${problem}`);
    }
    const keep = new Set(input.keep.map((name) => join(folder, name)));
    const ours = await libraryFilesOf(pool, input.movieId);
    const activity = Context.current();
    const removed: string[] = [];
    for (const row of ours.filter((r) => !keep.has(r.path))) {
      activity.heartbeat({ file: row.path });
      const resolved = await resolveInRoots(row.path, config.libraryRoots).catch(() => null);
      if (resolved?.ok && resolved.path === row.path) {
        const found = await examine(row.path);
        if (found.kind === 'file' && found.sha256 === row.sha256) {
          await rm(row.path, { force: true });
          removed.push(relative(folder, row.path));
        }
      }
      await forgetLibraryFile(pool, row.id);
    }
    if (!(await markPublished(pool, input.movieId)))
      throw badInput(`movie ${input.movieId} was deleted while it was being published`, FailureType.MovieNotFound);
    return { removed };
  }

  return { planPublish, writeLibraryFiles, completePublish };
}
