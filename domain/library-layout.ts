// Names of the files publishing writes into a movie's library folder, base name from the video
// file: Kodi's conventions, relative to the folder. Pure: the activity decides the folder.
import { FILE_EXTENSION } from './image-format.js';
import type { AssetType, ImageFormat } from './types.js';

/** Kodi's artwork names per type; disc art is `-disc`, not `-discart`. */
export const ARTWORK_NAME: Record<AssetType, string> = {
  poster: 'poster',
  fanart: 'fanart',
  banner: 'banner',
  clearlogo: 'clearlogo',
  clearart: 'clearart',
  landscape: 'landscape',
  keyart: 'keyart',
  discart: 'disc',
};

/**
 * `base` is the video file's name without its extension, or null when the movie is a folder
 * with no video file: then Kodi's folder names apply (`movie.nfo`, `poster.jpg`).
 */
export type LibraryBase = string | null;

/** "Alien (1979).mkv" → "Alien (1979)"; a leading dot is part of the name, not an extension. */
export function videoBaseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function nfoFileName(base: LibraryBase): string {
  return base === null ? 'movie.nfo' : `${base}.nfo`;
}

/** Rank 1 is `{base}-poster.jpg`, rank n ≥ 2 `{base}-poster{n-1}.jpg`; the extension is the bytes' real format. */
export function artworkFileName(base: LibraryBase, assetType: AssetType, rank: number, format: ImageFormat): string {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`rank ${rank} is not a positive integer`);
  const name = `${ARTWORK_NAME[assetType]}${rank === 1 ? '' : rank - 1}.${FILE_EXTENSION[format]}`;
  return base === null ? name : `${base}-${name}`;
}

/** Kodi's local trailer: `{base}-trailer.{ext}`, or `movie-trailer.{ext}` in a folder of its own. */
export function trailerFileName(base: LibraryBase, ext: string): string {
  return `${base ?? 'movie'}-trailer.${ext}`;
}

const VIDEO_EXTENSIONS = new Set(['mp4', 'mkv', 'webm']);

export const ACTORS_FOLDER = '.actors';

/**
 * `.actors/{Actor Name}.{ext}`: characters Windows and Kodi reject removed, whitespace
 * collapsed, at most 100 characters. Null when nothing usable is left (a name of only dots or
 * forbidden characters), so the actor simply gets no thumb.
 */
export function actorThumbPath(actorName: string, ext: string): string | null {
  const cleaned = actorName
    .replace(/[<>:"/\\?*|\u0000-\u001f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  if (/^\.*$/.test(cleaned)) return null;
  return `${ACTORS_FOLDER}/${cleaned}.${ext}`;
}

const IMAGE_EXTENSIONS = new Set([...Object.values(FILE_EXTENSION), 'jpeg']);

/** A name of one folder entry we may create: no `/`, no NUL, not `.` or `..`, no leading dot (our temp files have one). */
function isPlainName(name: string): boolean {
  return name !== '' && !name.includes('/') && !name.includes('\u0000') && !name.startsWith('.');
}

/**
 * Why `name` is not a name publishing writes, or null when it is: a plain file name in the
 * movie's folder, or `.actors/{plain name}` for a headshot; an NFO ends in `.nfo`, an image in an
 * image extension.
 */
export function libraryNameProblem(name: string, kind: 'nfo' | 'image' | 'video'): string | null {
  const inActors = name.startsWith(`${ACTORS_FOLDER}/`);
  const own = inActors ? name.slice(ACTORS_FOLDER.length + 1) : name;
  if (!isPlainName(own)) return `${JSON.stringify(name)} is not a plain file name`;
  const ext = own.slice(own.lastIndexOf('.') + 1).toLowerCase();
  if (kind === 'nfo' && (inActors || !own.endsWith('.nfo'))) return `${JSON.stringify(name)} is not an NFO's name`;
  if (kind === 'image' && (!own.includes('.') || !IMAGE_EXTENSIONS.has(ext)))
    return `${JSON.stringify(name)} is not an image's name`;
  if (kind === 'video' && (inActors || !/-trailer\.[a-z0-9]+$/.test(own) || !VIDEO_EXTENSIONS.has(ext)))
    return `${JSON.stringify(name)} is not a trailer's name`;
  return null;
}
