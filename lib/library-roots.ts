// Movie files must lie inside the configured library roots: a path is made absolute and normalised,
// then resolved through every symlink in the part that exists, before it is compared; when a movie
// is registered and again when it is published.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';

/** The real path of `path`: symlinks resolved in the part that exists, the rest appended as given. */
export async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      return join(await realpath(at), ...missing.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw err;
      missing.push(basename(at));
    }
  }
}

export type RootCheck =
  | { ok: true; path: string }
  /** `unresolvable`: the path cannot be resolved at all (its errno), rather than lying outside. */
  | { ok: false; reason: string; unresolvable?: string };

/** `path` resolved, when it lies strictly inside one of `roots`; otherwise why not. */
export async function resolveInRoots(path: string, roots: readonly string[]): Promise<RootCheck> {
  if (roots.length === 0)
    return { ok: false, reason: 'no library roots are configured: set LIBRARY_ROOTS to the folders movies live in' };
  if (!isAbsolute(path)) return { ok: false, reason: `${JSON.stringify(path)} is not an absolute path` };
  let real: string;
  try {
    real = await realPathOf(path);
  } catch (err) {
    // A file where a folder should be, a symlink loop, a name too long, a folder we may not enter.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (['ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EACCES'].includes(code))
      return { ok: false, reason: `${JSON.stringify(path)} cannot be resolved (${code})`, unresolvable: code };
    throw err;
  }
  for (const root of roots) {
    const rel = relative(await realPathOf(root), real);
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return { ok: true, path: real };
  }
  return { ok: false, reason: `${JSON.stringify(path)} is not inside a library root (${roots.join(', ')})` };
}

/**
 * `path` as seen here: the longest mapped prefix (`mappings` come longest first) replaced, matched on
 * whole folder names; unchanged when none applies. Checked against the roots afterwards, never instead.
 */
export function mapPath(path: string, mappings: readonly { from: string; to: string }[]): string {
  const normal = posix.normalize(path);
  for (const { from, to } of mappings)
    if (normal === from || normal.startsWith(from === '/' ? '/' : `${from}/`))
      return posix.join(to, normal.slice(from.length));
  return path;
}
