// A library scan: walks the library's folder in a fixed order, names each film from what is on
// disk, and registers, moves or marks movies. It heartbeats its place after every folder, so a scan
// whose worker died continues after the last folder it finished; registering is keyed on the file's
// path and the film's ids, so a folder done twice changes nothing the second time.
import { constants, type Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { findLibrary, recordScan } from '../db/libraries.js';
import {
  findMovieByFile,
  findRegisteredMovie,
  insertMovie,
  libraryFiles,
  markFileMissing,
  movieFilePath,
  registeredByScan,
  setMovieFile,
} from '../db/movies.js';
import { isUniqueViolation } from '../db/pool.js';
import { scanLibraryInput } from '../domain/activity-inputs.js';
import { FailureType } from '../domain/failures.js';
import { emptyScanResult, type LibraryScanResult } from '../domain/library-scan.js';
import { filmsInFolder, identifyFilm, isExtra, isVideoFile, type DiskIdentity } from '../domain/movie-folder.js';
import { resolveInRoots } from '../lib/library-roots.js';
import type { ActivityDeps } from './deps.js';
import { parseInput } from './input.js';

/** Disc structures: the folder is one film, played from this file. */
const DISC_FOLDERS: Record<string, string> = { VIDEO_TS: 'VIDEO_TS.IFO', BDMV: 'index.bdmv' };
/** An NFO larger than this is not a film's description; only this much is read. */
const MAX_NFO_BYTES = 512 << 10;
const NFO_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** Folders that never hold films of their own: our artwork and metadata folders, hidden folders. */
const SKIPPED_FOLDERS = new Set(['.actors', 'extrafanart', 'extrathumbs', '@eaDir', '#recycle', '$RECYCLE.BIN']);

/** A folder holding a film (or several): its path, the video files in it, and a disc structure. */
interface FilmFolder {
  abs: string;
  rel: string;
  videos: string[];
  disc: string | null;
}

/** What the heartbeat carries: the last folder finished and what the scan found until then. */
interface ScanPlace {
  after: string;
  result: LibraryScanResult;
}

/** A folder's entries in code-point order (every walk of an unchanged tree meets them alike); null when unreadable. */
async function entries(dir: string): Promise<Dirent[] | null> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (err) {
    // Removed or made unreadable while we walk: nothing in it can be seen.
    if (['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
}

/**
 * Every folder below `root` that holds a film, depth first in name order. Symlinked folders are not
 * followed (they could lead outside the library); extras folders and disc structures are not entered.
 * `visited` hears of every folder, so a long stretch without films still shows the walk is alive;
 * `unreadable` of every folder that could not be listed.
 */
async function* filmFolders(
  root: string,
  on: { visited: () => void; unreadable: (dir: string) => void },
  dir = root,
): AsyncGenerator<FilmFolder> {
  on.visited();
  const list = await entries(dir);
  if (!list) {
    on.unreadable(dir);
    return;
  }
  const videos = list
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isVideoFile(e.name) && !isExtra(e.name))
    .map((e) => e.name);
  const disc = list.find((e) => e.isDirectory() && e.name.toUpperCase() in DISC_FOLDERS)?.name ?? null;
  if (videos.length > 0 || disc) yield { abs: dir, rel: relative(root, dir) || '.', videos, disc };
  for (const e of list) {
    if (!e.isDirectory() || e.name.startsWith('.') || SKIPPED_FOLDERS.has(e.name)) continue;
    if (e.name.toUpperCase() in DISC_FOLDERS || isExtra(`${e.name}/x`)) continue;
    yield* filmFolders(root, on, join(dir, e.name));
  }
}

/** The NFO beside a film: `{file}.nfo`, else `movie.nfo` (Kodi's and Jellyfin's names); null when none. */
async function readNfo(dir: string, videoFile: string | null): Promise<string | null> {
  const names = [...(videoFile ? [`${basename(videoFile, extname(videoFile))}.nfo`] : []), 'movie.nfo'];
  for (const name of names) {
    try {
      // Never through a symlink (it could point out of the library), never waiting on a FIFO.
      const file = await open(join(dir, name), NFO_FLAGS);
      try {
        if (!(await file.stat()).isFile()) continue;
        const buffer = Buffer.alloc(MAX_NFO_BYTES);
        const { bytesRead } = await file.read(buffer, 0, MAX_NFO_BYTES, 0);
        return buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await file.close();
      }
    } catch (err) {
      if (!['ENOENT', 'EISDIR', 'EACCES', 'ELOOP', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? ''))
        throw err;
    }
  }
  return null;
}

/** Whether the file is there; null when it cannot be told (a folder on the way cannot be entered). */
async function fileExists(path: string): Promise<boolean | null> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (['ENOENT', 'ENOTDIR'].includes(code)) return false;
    if (['EACCES', 'EPERM'].includes(code)) return null;
    throw err;
  }
}

export function createLibraryScanActivities({ pool, config }: ActivityDeps) {
  /** One film found at `path` (already resolved inside the roots): registered, moved, or left as it is. */
  async function register(
    scan: { libraryId: number; key: string },
    path: string,
    who: DiskIdentity,
    result: LibraryScanResult,
  ): Promise<void> {
    const { libraryId } = scan;
    const fileName = basename(path);
    const atPath = await findMovieByFile(pool, path);
    if (atPath) {
      if (atPath.missing) result.returned.push({ movieId: atPath.id, path });
      else result.unchanged++;
      if (atPath.missing || atPath.libraryId === null) await setMovieFile(pool, atPath.id, path, fileName, libraryId);
      return;
    }
    const registration = { tmdbId: who.tmdbId, imdbId: who.imdbId, title: who.title, year: who.year, path: null };
    const known = await findRegisteredMovie(pool, registration);
    if (known !== undefined) {
      const from = await movieFilePath(pool, known);
      // The film registered with another file that is still there: a second copy, not a move.
      if (from !== null && (await fileExists(from)) !== false) {
        result.duplicates.push({ movieId: known, path });
        return;
      }
      await setMovieFile(pool, known, path, fileName, libraryId);
      result.moved.push({ movieId: known, from, to: path });
      return;
    }
    // Until TMDB answers, the title is what the disk says; enrichment fills the real one in.
    const title = who.title ?? (who.tmdbId ? `TMDB ${who.tmdbId}` : `IMDb ${who.imdbId}`);
    try {
      const movieId = await insertMovie(pool, { ...registration, path, title, fileName, libraryId, scanKey: scan.key });
      result.added.push({ movieId, path });
    } catch (err) {
      // Registered meanwhile (a Radarr webhook for the same film): that registration stands.
      if (!isUniqueViolation(err)) throw err;
      const winner = await findRegisteredMovie(pool, registration);
      if (winner === undefined) throw err;
      result.duplicates.push({ movieId: winner, path });
    }
  }

  /** The films of one folder: each named, checked against the roots, and registered. */
  async function scanFolder(
    scan: { libraryId: number; key: string },
    folder: FilmFolder,
    result: LibraryScanResult,
  ): Promise<void> {
    result.folders++;
    const folderName = basename(folder.abs);
    const films: { file: string | null; path: string }[] = folder.disc
      ? [{ file: null, path: join(folder.abs, folder.disc, DISC_FOLDERS[folder.disc.toUpperCase()]!) }]
      : filmsInFolder(folder.videos).map((parts) => ({ file: parts[0]!, path: join(folder.abs, parts[0]!) }));
    for (const film of films) {
      const nfo = await readNfo(folder.abs, film.file);
      const who = identifyFilm({ folderName, fileName: film.file ?? folderName, nfo });
      if (!who) {
        result.unidentified.push({ path: film.path, reason: 'no id on disk and no title in the folder or file name' });
        continue;
      }
      const inRoots = await resolveInRoots(film.path, config.libraryRoots);
      if (!inRoots.ok) {
        // A symlinked file pointing out of the library: not ours to register.
        result.unidentified.push({ path: film.path, reason: inRoots.reason });
        continue;
      }
      await register(scan, inRoots.path, who, result);
    }
  }

  return {
    async scanLibraryFolder(raw: { libraryId: number }): Promise<LibraryScanResult> {
      const { libraryId } = parseInput(scanLibraryInput, raw);
      const ctx = Context.current();
      const library = await findLibrary(pool, libraryId);
      if (!library)
        throw ApplicationFailure.nonRetryable(`library ${libraryId} does not exist`, FailureType.LibraryUnusable);
      // The stored path is checked again: the roots may have changed since the library was added.
      const root = await resolveInRoots(library.path, config.libraryRoots);
      if (!root.ok)
        throw ApplicationFailure.nonRetryable(
          `library ${libraryId} cannot be scanned: ${root.reason}`,
          FailureType.LibraryUnusable,
        );
      try {
        if (!(await stat(root.path)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A library folder that is gone or unreadable: the user must fix it; retrying will not.
        if (['ENOENT', 'ENOTDIR', 'EACCES'].includes(code ?? ''))
          throw ApplicationFailure.nonRetryable(
            `library ${libraryId} cannot be scanned: ${root.path}: ${code}`,
            FailureType.LibraryUnusable,
          );
        throw err;
      }

      // Every attempt of this scan's walk shares its workflow run, so the films it registered do too.
      const run = ctx.info.workflowExecution;
      const scan = { libraryId, key: run ? `${run.workflowId}/${run.runId}` : ctx.info.activityId };
      const place = ctx.info.heartbeatDetails as ScanPlace | undefined;
      const result = place?.result ?? emptyScanResult(libraryId);
      if (place) result.resumedAfter = place.after;
      // The place to resume from: the last folder finished (a resumed scan keeps its old place
      // until it has walked past it).
      let done = place?.after;
      const beat = () =>
        done === undefined ? ctx.heartbeat() : ctx.heartbeat({ after: done, result } satisfies ScanPlace);
      const unreadable = new Set<string>();
      const on = { visited: beat, unreadable: (dir: string) => unreadable.add(dir) };
      let skipUntil = place?.after;
      // If the folder to resume after is gone, the walk starts again from the top (registering is
      // idempotent, so only the time is lost).
      for (let pass = 0; pass < 2; pass++) {
        for await (const folder of filmFolders(root.path, on)) {
          if (skipUntil !== undefined) {
            if (folder.rel === skipUntil) skipUntil = undefined;
            continue;
          }
          ctx.cancellationSignal.throwIfAborted();
          await scanFolder(scan, folder, result);
          done = folder.rel;
          beat();
        }
        if (skipUntil === undefined) break;
        skipUntil = undefined;
      }
      for (const dir of unreadable) result.unidentified.push({ path: dir, reason: 'the folder cannot be read' });

      // Files gone since: marked missing, their movies and data kept. A walk that found no film at
      // all (an unmounted share reads as an empty folder) marks nothing.
      if (result.folders > 0)
        for (const movie of await libraryFiles(pool, libraryId)) {
          beat();
          if ((await fileExists(movie.path)) !== false) continue;
          await markFileMissing(pool, movie.id);
          result.missing.push({ movieId: movie.id, path: movie.path });
        }
      // From the database, not the heartbeat: films registered after the last heartbeat of an
      // attempt that died are this scan's too.
      result.added = await registeredByScan(pool, scan.key);
      await recordScan(pool, libraryId, result);
      return result;
    },
  };
}
