// `db/` is the only home of SQL: this finds SQL in any other TypeScript source file (tests and the
// fake provider server aside, which set up and inspect state directly).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Folders whose files may hold SQL, or hold no application code. */
const ALLOWED = new Set(['db', 'test', 'fake-providers', 'node_modules', 'dist', '.data', '.tools', '.git']);

/** SQL statements as they are written in this code base (upper-case keywords), and pg calls with inline SQL. */
const SQL = [
  /\bSELECT\s+(\*|[\w"(])/,
  /\bINSERT\s+INTO\b/,
  /\bUPDATE\s+\w+(\s+\w+)?\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX|DATABASE|SCHEMA)\b/,
  /\bON\s+CONFLICT\b/,
  /\bpg_advisory_/,
  /\.query(<[^>]*>)?\(\s*[`'"]/,
];

export interface MisplacedSql {
  file: string;
  line: number;
  text: string;
}

async function* sourceFiles(dir: string, root: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === root && ALLOWED.has(entry.name)) continue;
      if (entry.name === 'node_modules') continue;
      yield* sourceFiles(path, root);
    } else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Every line outside `db/` (and the allowed folders) that holds SQL, by file and line. */
export async function findMisplacedSql(root: string): Promise<MisplacedSql[]> {
  const found: MisplacedSql[] = [];
  for await (const path of sourceFiles(root, root)) {
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      if (SQL.some((re) => re.test(text)))
        found.push({ file: relative(root, path).split(sep).join('/'), line: i + 1, text: text.trim() });
    });
  }
  return found;
}
