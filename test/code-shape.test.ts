import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../lib/config.js';
import { findMisplacedSql } from '../scripts/checks/sql-placement.js';

const run = promisify(execFile);
const scratch = mkdtemp(join(tmpdir(), 'code-shape-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

/** Every .ts file below `dir` (node_modules and runtime folders aside), with its text. */
async function sources(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.ts') || /node_modules|\/\.data\/|\/\.tools\//.test(path)) continue;
    out.push({ file: relative(projectRoot, path), text: await readFile(path, 'utf8') });
  }
  return out;
}

const matching = (files: { file: string; text: string }[], re: RegExp) =>
  files.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (re.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );

describe('SQL lives only in db/', () => {
  it('finds no SQL in any source file outside db/, tests and the fake providers', async () => {
    expect(await findMisplacedSql(projectRoot)).toEqual([]);
  });

  it('fails on a query planted in an activity, a route or a nested folder, and allows it in db/', async () => {
    const root = join(await scratch, 'sql');
    await mkdir(join(root, 'activities'), { recursive: true });
    await mkdir(join(root, 'api', 'routes'), { recursive: true });
    await mkdir(join(root, 'db'), { recursive: true });
    await writeFile(
      join(root, 'activities', 'planted.ts'),
      "export const n = (pool: any) => pool.query('SELECT count(*) FROM movies');\n",
    );
    await writeFile(
      join(root, 'api', 'routes', 'planted.ts'),
      'const sql = `\n  UPDATE movies SET title = $1\n  WHERE id = $2`;\nexport default sql;\n',
    );
    await writeFile(join(root, 'db', 'movies.ts'), "export const q = 'DELETE FROM movies WHERE id = $1';\n");
    await writeFile(join(root, 'activities', 'clean.ts'), "// Selects the best poster.\nexport const x = 'select';\n");
    expect(await findMisplacedSql(root)).toEqual([
      {
        file: 'activities/planted.ts',
        line: 1,
        text: "export const n = (pool: any) => pool.query('SELECT count(*) FROM movies');",
      },
      { file: 'api/routes/planted.ts', line: 2, text: 'UPDATE movies SET title = $1' },
    ]);
  });
});

describe('the API and scripts talk to Temporal through typed references', () => {
  it('starts, queries and updates workflows by their definitions, never by name', async () => {
    const files = [...(await sources(join(projectRoot, 'api'))), ...(await sources(join(projectRoot, 'scripts')))];
    expect(files.length).toBeGreaterThan(5);
    expect(matching(files, /workflow\.start\(['"`]|\.query(<[^>]*>)?\(['"`]|Update(<[^>]*>)?\(['"`]/)).toEqual([]);
  });
});

describe('comments say the rule itself', () => {
  it('cites no section, decision or acceptance number outside the tests', async () => {
    const files = (await sources(projectRoot)).filter((f) => !f.file.startsWith('test/'));
    expect(files.length).toBeGreaterThan(50);
    expect(matching(files, /§|\bD[0-9]{1,2}\b|acceptance [0-9]/)).toEqual([]);
  });
});

// `npm test` runs `prettier --check .` over the repository before the tests; this shows that check can fail.
describe('the formatter', () => {
  const prettier = join(projectRoot, 'node_modules', 'prettier', 'bin', 'prettier.cjs');

  it('fails on a misformatted file and names it', async () => {
    const dir = join(await scratch, 'format');
    await mkdir(dir, { recursive: true });
    await copyFile(join(projectRoot, '.prettierrc.json'), join(dir, '.prettierrc.json'));
    await writeFile(join(dir, 'tidy.ts'), "export const ok = { a: 1, b: 'two' };\n");
    await writeFile(join(dir, 'messy.ts'), 'export const bad = {a:1,b:"two"}\n');
    await expect(run(process.execPath, [prettier, '--check', 'tidy.ts'], { cwd: dir })).resolves.toBeDefined();
    const failure = await run(process.execPath, [prettier, '--check', '.'], { cwd: dir }).then(
      () => null,
      (err: { code: number; stderr: string; stdout: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(`${failure?.stdout}${failure?.stderr}`).toContain('messy.ts');
    expect(`${failure?.stdout}${failure?.stderr}`).not.toContain('tidy.ts');
  });
});
