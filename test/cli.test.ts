// `npx enrich phash`: the CLI of issue 4, run as a user runs it (through npm's bin resolution).
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../domain/phash.js';
import { projectRoot } from '../lib/config.js';
import { perceptualHash } from '../activities/image-hash.js';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['--no', 'enrich', ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('npx enrich phash', () => {
  it('prints one `<hash>  <path>` line per file, and the distance of two', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'enrich-cli-'));
    const poster = join(dir, 'poster.jpg');
    const smaller = join(dir, 'poster small.jpg');
    await copyFile(join(projectRoot, 'test/fixtures/phash/poster.jpg'), poster);
    await sharp(poster).resize({ width: 150 }).jpeg({ quality: 60 }).toFile(smaller);
    const [a, b] = [await perceptualHash(poster), await perceptualHash(smaller)];

    const hashed = await run('phash', poster, smaller);
    expect(hashed.code).toBe(0);
    expect(hashed.stdout).toBe(`${a}  ${poster}\n${b}  ${smaller}\n`);

    const distance = await run('phash', '--distance', poster, smaller);
    expect(distance.stdout.trim()).toBe(String(hammingDistance(a, b)));
    expect((await run('phash', '--distance', a, 'ffffffffffffffff')).stdout.trim()).toBe(
      String(hammingDistance(a, 'ffffffffffffffff')),
    );

    // A file that is not an image: named on stderr, the others still hashed, exit code 1.
    const html = join(dir, 'page.jpg');
    await writeFile(html, '<!DOCTYPE html><html></html>');
    const mixed = await run('phash', html, poster);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toBe(`${a}  ${poster}\n`);
    expect(mixed.stderr).toContain(`enrich: ${html}: `);
    expect((await run('phash')).code).toBe(2);
    expect((await run('phash', '--distance', poster)).stderr).toMatch(/^usage: enrich phash/);
  });
});
