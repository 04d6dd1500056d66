// Files in a user's library folder, handled without trusting what stands at a name: nothing is
// followed through a symlink, nothing but a regular file is opened (a FIFO would block), and new
// files are created, never opened over an existing one.
import { createHash, randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../domain/failures.js';
import { ACTORS_FOLDER } from '../domain/library-layout.js';
import type { LibraryFile } from './publish.js';

/** Bad input a retry cannot fix: the workflow fails with this message. */
export const badInput = (message: string, type: FailureType) => ApplicationFailure.nonRetryable(message, type);

export const isErrno = (err: unknown, ...codes: string[]) => codes.includes((err as NodeJS.ErrnoException).code ?? '');

/** Never through a symlink; O_NONBLOCK so that opening a FIFO cannot wait for a writer. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** A new file only: never an existing one, nor a symlink's target. */
export const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function kindOf(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  if (info.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** What stands at a path: nothing, a regular file with its bytes' hash, or something else. */
type Found = { kind: 'none' } | { kind: 'file'; sha256: string; size: number } | { kind: 'other'; what: string };

const COPY_BUFFER = 1 << 20;

/**
 * Looks at `path` without following a symlink and reads it only when it is a regular file, checked
 * again on the open descriptor (the name may have been swapped in between).
 */
export async function examine(path: string): Promise<Found> {
  const info = await lstat(path).catch((err: unknown) => {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
    throw err;
  });
  if (!info) return { kind: 'none' };
  if (!info.isFile()) return { kind: 'other', what: kindOf(info) };
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { kind: 'none' };
    if (isErrno(err, 'ELOOP')) return { kind: 'other', what: 'a symbolic link' };
    if (isErrno(err, 'ENXIO')) return { kind: 'other', what: 'a socket' };
    throw err;
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { kind: 'other', what: kindOf(opened) };
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(COPY_BUFFER);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { kind: 'file', sha256: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

/** Copies a regular file (never through a symlink) into a new file; the copy's hash and size. */
export async function copyRegular(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const source = await open(from, READ_FLAGS);
  try {
    const info = await source.stat();
    if (!info.isFile()) throw new Error(`${from} is ${kindOf(info)}, not a regular file`);
    const target = await open(to, CREATE_FLAGS, 0o644);
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(COPY_BUFFER);
      let size = 0;
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        for (let done = 0; done < bytesRead;)
          done += (await target.write(chunk, done, bytesRead - done, null)).bytesWritten;
        hash.update(chunk);
        size += bytesRead;
      }
      return { sha256: hash.digest('hex'), size };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** `.{name}.tmp-{random}` beside the target; random, so a timed-out attempt still running elsewhere never shares it. */
export const tempBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);

/**
 * The temp files an earlier attempt at writing one of `names` left in `folder` (it died between
 * creating the temp and the rename): nobody else makes `.{name}.tmp-{12 hex}` for our names.
 */
export async function leftoverTemps(folder: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const byFolder = new Map<string, Set<string>>();
  for (const name of names) {
    const dir = join(folder, dirname(name));
    if (!byFolder.has(dir)) byFolder.set(dir, new Set());
    byFolder.get(dir)!.add(basename(name));
  }
  for (const [dir, wanted] of byFolder) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const m = /^\.(.+)\.tmp-[0-9a-f]{12}$/.exec(e.name);
      if (m && wanted.has(m[1]!) && (e.isFile() || e.isSymbolicLink())) found.push(join(dir, e.name));
    }
  }
  return found;
}

export const unsafeTarget = (target: string, what: string) =>
  badInput(`refusing to publish ${target}: it is ${what}, not a regular file`, FailureType.UnsafeLibraryFile);

/** `inner` lies strictly inside `outer` (both real paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export async function checkFolder(folder: string): Promise<void> {
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

/** `.actors` must be a real folder (not a symlink) when headshots go into it; absent, it is created when writing. */
export async function checkActorsFolder(folder: string, files: LibraryFile[]): Promise<void> {
  if (!files.some((f) => f.name.startsWith(`${ACTORS_FOLDER}/`))) return;
  const path = join(folder, ACTORS_FOLDER);
  const info = await lstat(path).catch((err: unknown) => {
    if (isErrno(err, 'ENOENT')) return null;
    throw err;
  });
  if (info && !info.isDirectory())
    throw badInput(
      `refusing to publish into ${path}: it is ${kindOf(info)}, not a folder`,
      FailureType.UnsafeLibraryFile,
    );
}

/** Every target name, before anything is written: a symlink or special file there fails the publish. */
export async function checkTargets(folder: string, files: LibraryFile[]): Promise<void> {
  await checkActorsFolder(folder, files);
  for (const f of files) {
    const target = join(folder, f.name);
    const info = await lstat(target).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    });
    if (info && !info.isFile()) throw unsafeTarget(target, kindOf(info));
  }
}
