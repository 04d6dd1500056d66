import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { devServerSearchAttributes } from '../domain/search-attributes.js';
import { YTDLP_VERSION } from '../dev/yt-dlp.js';
import { envNames, projectRoot } from '../lib/config.js';

// There is no Docker engine on the build machines, so this checks what `docker compose config`
// would: the file parses, references resolve, and it agrees with the code it deploys.
const compose = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true });
const services: Record<string, any> = compose.services;

describe('docker-compose.yml', () => {
  it('has the production shape: Temporal on PostgreSQL, its UI, the app database, workers and the API', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'postgres',
        'temporal',
        'temporal-postgres',
        'temporal-schema',
        'temporal-setup',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(services.temporal.environment.DB).toBe('postgres12');
    expect(services.temporal.environment.POSTGRES_SEEDS).toBe('temporal-postgres');
    expect(services['temporal-ui'].ports).toContain('127.0.0.1:8233:8080');
    expect(services.api.ports).toContain('3000:3000');
    expect(services.worker.deploy.replicas).toBeGreaterThanOrEqual(2);
  });

  it('keeps Temporal’s gRPC port off the host, its Web UI on loopback, and the API behind its key', () => {
    for (const [name, s] of Object.entries(services))
      for (const port of s.ports ?? []) expect(String(port), `${name} publishes ${port}`).not.toMatch(/7233/);
    // The Web UI can cancel, reset and start workflows without a login.
    for (const port of services['temporal-ui'].ports) expect(String(port)).toMatch(/^127\.0\.0\.1:/);
    expect(services.api.environment.HOST).toBe('0.0.0.0');
    expect(Object.keys(services.api.environment)).toContain('API_KEY');
    expect(services.api.environment.LIBRARY_ROOTS).toMatch(/\/media/);
  });

  it('pins every image and resolves every dependency and volume', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.image) expect(s.image, name).toMatch(/:[\w.-]+$/);
      if (s.image) expect(s.image, name).not.toMatch(/:latest$/);
      for (const dep of Object.keys(s.depends_on ?? {}))
        expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
      for (const v of s.volumes ?? []) {
        // `${VAR:-default}` is what compose interpolates when VAR is unset.
        const source = String(v)
          .replace(/\$\{\w+:-([^}]*)\}/g, '$1')
          .split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect(Object.keys(compose.volumes), `${name} volume ${source}`).toContain(source);
      }
    }
  });

  it('configures the app only with variables the code reads, and shares the cache between workers and API', () => {
    for (const name of ['worker', 'api']) {
      const s = services[name];
      for (const key of Object.keys(s.environment)) expect(envNames, `${name}: ${key}`).toContain(key);
      expect(s.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(s.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(s.volumes).toContain(`cache:${s.environment.DATA_DIR}`);
      expect(s.volumes, `${name} mounts the media library that publishing writes to`).toContain(
        '${MEDIA_LIBRARY:-./media}:/media',
      );
      const entry = s.command.at(-1);
      expect(existsSync(join(projectRoot, entry)), entry).toBe(true);
    }
    expect(services.worker.command.at(-1)).toBe('worker/main.ts');
    expect(services.api.command.at(-1)).toBe('api/main.ts');
  });

  it('registers the same search attributes as the dev server', () => {
    const script: string = services['temporal-setup'].command.join('\n');
    for (const sa of devServerSearchAttributes) {
      const [name, type] = sa.split('=');
      expect(script).toContain(`--name ${name} --type ${type}`);
    }
  });

  it('builds from a Dockerfile that installs from the lockfile and leaves local state out', () => {
    const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20[\w.-]*/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
    // The API serves the web UI from web/dist: built in its own stage, copied into the image.
    expect(dockerfile).toMatch(/^RUN node scripts\/build-web\.mjs --force$/m);
    expect(dockerfile).toContain('COPY --from=web /app/web/dist ./web/dist');
    // Trailers: the same yt-dlp the tests run, and ffmpeg to merge separate video and audio.
    expect(dockerfile).toContain(`yt-dlp==${YTDLP_VERSION}`);
    expect(dockerfile).toMatch(/apt-get install [^\n]*\bffmpeg\b/);
    const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['node_modules', '.data', '.tools', 'web/dist']) expect(ignored).toContain(p);
  });
});
