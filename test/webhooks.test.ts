// Radarr's and Sonarr's webhooks with the payloads they really send (Radarr v5's webhook notifier).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EnrichmentTriggerKey } from '../domain/search-attributes.js';
import { loadConfig } from '../lib/config.js';
import { mapPath } from '../lib/library-roots.js';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';

const root = join(inject('tmpRoot'), `webhook-library-${process.pid}`);
const h = useHarness({
  LIBRARY_ROOTS: root,
  // Radarr's container sees the library as /movies, its 4K copies as /movies/4k.
  PATH_MAPPINGS: `/movies:${root}/movies,/movies/4k:${root}/uhd,/elsewhere:/srv/not-a-library`,
  WEBHOOK_USER: 'radarr',
  WEBHOOK_PASSWORD: 'hook-secret',
});
afterAll(() => rm(root, { recursive: true, force: true }));

type Auth = 'key' | 'none' | { basic: string };

async function post(source: string, payload: unknown, auth: Auth = 'key') {
  const query = auth === 'key' ? `?apikey=${TEST_API_KEY}` : '';
  const res = await fetch(`${h.api}/api/webhooks/${source}${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Radarr/5.14.0.9383',
      ...(typeof auth === 'object' ? { authorization: `Basic ${Buffer.from(auth.basic).toString('base64')}` } : {}),
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const films = {
  603: { title: 'The Matrix', year: 1999, imdbId: 'tt0133093' },
  680: { title: 'Pulp Fiction', year: 1994, imdbId: 'tt0110912' },
  550: { title: 'Fight Club', year: 1999, imdbId: 'tt0137523' },
  78: { title: 'Blade Runner', year: 1982, imdbId: 'tt0083658' },
  348: { title: 'Alien', year: 1979, imdbId: 'tt0078748' },
} as const;

/** Radarr's `movie` object for a film in the fake catalog, its folder below `base` as Radarr sees it. */
function movie(tmdbId: keyof typeof films, base = '/movies') {
  const f = films[tmdbId];
  return {
    id: 40 + (tmdbId % 50),
    title: f.title,
    year: f.year,
    releaseDate: `${f.year}-03-31`,
    folderPath: `${base}/${f.title} (${f.year})`,
    tmdbId,
    imdbId: f.imdbId,
    overview: 'Radarr’s own overview, which is not ours to keep.',
    genres: ['Action'],
    images: [
      { coverType: 'poster', url: '/MediaCover/1/poster.jpg', remoteUrl: 'https://image.tmdb.org/t/p/original/x.jpg' },
    ],
    tags: [],
    originalLanguage: { id: 1, name: 'English' },
  };
}

function movieFile(folderPath: string, relativePath: string) {
  return {
    id: 371,
    relativePath,
    path: `${folderPath}/${relativePath}`,
    quality: 'Bluray-1080p',
    qualityVersion: 1,
    releaseGroup: 'GROUP',
    sceneName: 'Movie.1999.1080p.BluRay.x264-GROUP',
    indexerFlags: '0',
    size: 8_589_934_592,
    dateAdded: '2026-11-29T10:00:00Z',
    mediaInfo: { audioChannels: 5.1, audioCodec: 'DTS', videoCodec: 'x264', videoDynamicRangeType: '' },
  };
}

const common = { instanceName: 'Radarr', applicationUrl: '' };

function download(tmdbId: keyof typeof films, base = '/movies') {
  const m = movie(tmdbId, base);
  return {
    ...common,
    eventType: 'Download',
    movie: m,
    remoteMovie: { tmdbId, imdbId: m.imdbId, title: m.title, year: m.year },
    movieFile: movieFile(m.folderPath, `${m.title} (${m.year}) Bluray-1080p.mkv`),
    isUpgrade: false,
    downloadClient: 'qBittorrent',
    downloadClientType: 'qBittorrent',
    downloadId: 'A1B2C3D4E5F6',
    customFormatInfo: { customFormats: [], customFormatScore: 0 },
    release: { releaseTitle: 'Movie.1999.1080p.BluRay.x264-GROUP', indexer: 'Indexer', size: 8_589_934_592 },
  };
}

async function movieRow(tmdbId: number) {
  const { rows } = await h.pool.query(
    'SELECT id, title, file_path, file_missing_since, deleted_at FROM movies WHERE tmdb_id = $1',
    [tmdbId],
  );
  return rows;
}

async function storedEvent(id: number) {
  return (await h.pool.query('SELECT * FROM webhook_events WHERE id = $1', [id])).rows[0];
}

describe('Radarr', () => {
  it('answers Test with 200 and does nothing but store it', async () => {
    const res = await post('radarr', {
      ...common,
      eventType: 'Test',
      movie: {
        id: 1,
        title: 'Test Title',
        year: 1970,
        releaseDate: '1970-01-01',
        folderPath: 'C:\\testpath',
        tmdbId: 0,
        tags: ['test-tag'],
      },
      remoteMovie: { tmdbId: 1234, imdbId: '5678', title: 'Test title', year: 1970 },
      release: {
        quality: 'Test Quality',
        qualityVersion: 1,
        releaseGroup: 'Test Group',
        releaseTitle: 'Test Title',
        indexer: 'Test Indexer',
        size: 9999999,
      },
    });
    expect(res).toEqual({ status: 200, body: { eventId: expect.any(Number), outcome: 'test' } });
    expect((await h.pool.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBe(0);
    expect(await storedEvent(res.body.eventId)).toMatchObject({
      source: 'radarr',
      event_type: 'Test',
      outcome: 'test',
      workflow_id: null,
      payload: expect.objectContaining({ eventType: 'Test', instanceName: 'Radarr' }),
    });
  });

  it('stores health and other events without acting on them', async () => {
    for (const payload of [
      {
        ...common,
        eventType: 'Health',
        level: 'warning',
        message: 'Indexers unavailable',
        type: 'IndexerStatusCheck',
        wikiUrl: 'https://wiki.servarr.com/radarr/system#indexers-are-unavailable-due-to-failures',
      },
      { ...common, eventType: 'MovieDelete', movie: movie(348), deletedFiles: true, movieFolderSize: 0 },
      { ...common, eventType: 'MovieAdded', movie: movie(348), addMethod: 'manual' },
    ]) {
      const res = await post('radarr', payload);
      expect(res).toEqual({ status: 200, body: { eventId: expect.any(Number), outcome: 'stored' } });
      expect(await storedEvent(res.body.eventId)).toMatchObject({ event_type: payload.eventType, outcome: 'stored' });
    }
    expect((await h.pool.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBe(0);
  });

  it('registers a downloaded movie with its mapped path and enriches it at once', async () => {
    const res = await post('radarr', download(603));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      outcome: 'enrichment_started',
      workflowId: expect.stringMatching(/^enrich-movie-/),
    });
    const [row] = await movieRow(603);
    expect(row.file_path).toBe(join(root, 'movies', 'The Matrix (1999)', 'The Matrix (1999) Bluray-1080p.mkv'));
    expect(res.body.movieId).toBe(row.id);
    const done = await waitForEnrichment(h.api, res.body.workflowId);
    expect(done.status).toBe('COMPLETED');
    expect((await movieRow(603))[0].title).toBe('The Matrix');
    expect(await storedEvent(res.body.eventId)).toMatchObject({
      event_type: 'Download',
      outcome: 'enrichment_started',
      workflow_id: res.body.workflowId,
      error: null,
    });
    const description = await h.client.workflow.getHandle(res.body.workflowId).describe();
    expect(description.typedSearchAttributes.get(EnrichmentTriggerKey)).toBe('webhook');
  });

  it('updates the path on Rename to the renamed file', async () => {
    const m = movie(603);
    const res = await post('radarr', {
      ...common,
      eventType: 'Rename',
      movie: m,
      renamedMovieFiles: [
        {
          ...movieFile(m.folderPath, 'The Matrix (1999) {imdb-tt0133093} Bluray-1080p.mkv'),
          previousRelativePath: 'The Matrix (1999) Bluray-1080p.mkv',
          previousPath: `${m.folderPath}/The Matrix (1999) Bluray-1080p.mkv`,
        },
      ],
    });
    expect(res.status).toBe(202);
    const rows = await movieRow(603);
    expect(rows).toHaveLength(1);
    expect(rows[0].file_path).toBe(
      join(root, 'movies', 'The Matrix (1999)', 'The Matrix (1999) {imdb-tt0133093} Bluray-1080p.mkv'),
    );
    expect((await waitForEnrichment(h.api, res.body.workflowId)).status).toBe('COMPLETED');
  });

  it('ignores a file deleted for an upgrade and marks the file missing otherwise, in both spellings', async () => {
    const m = movie(603);
    const deleted = (eventType: string, deleteReason: string) => ({
      ...common,
      eventType,
      movie: m,
      movieFile: movieFile(m.folderPath, 'The Matrix (1999) {imdb-tt0133093} Bluray-1080p.mkv'),
      deleteReason,
    });
    for (const eventType of ['MovieFileDelete', 'MovieFileDeleted']) {
      const res = await post('radarr', deleted(eventType, 'Upgrade'));
      expect(res).toEqual({ status: 200, body: { eventId: expect.any(Number), outcome: 'ignored' } });
      expect((await movieRow(603))[0].file_missing_since).toBeNull();
    }
    for (const [eventType, reason] of [
      ['MovieFileDelete', 'Manual'],
      ['MovieFileDeleted', 'MissingFromDisk'],
    ]) {
      const res = await post('radarr', deleted(eventType!, reason!));
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('marked_missing');
      expect(await storedEvent(res.body.eventId)).toMatchObject({ event_type: eventType, outcome: 'marked_missing' });
    }
    // Nothing of the movie is deleted: it is still there, enriched, with its file noted as missing.
    const [row] = await movieRow(603);
    expect(row).toMatchObject({ title: 'The Matrix', deleted_at: null, file_missing_since: expect.any(Date) });
    expect((await call(h.api, 'GET', `/api/movies/${row.id}`)).body.plot).toEqual(expect.any(String));
    // A new file arriving clears it.
    const again = await post('radarr', download(603));
    expect(again.status).toBe(202);
    expect((await movieRow(603))[0].file_missing_since).toBeNull();
    await waitForEnrichment(h.api, again.body.workflowId);
  });

  it('stores a malformed payload and answers 400 naming the field', async () => {
    const cases: [payload: unknown, field: string][] = [
      ['{"eventType": "Download", "movie": ', '(body)'],
      [[download(603)], '(body)'],
      [{ ...download(603), eventType: undefined }, 'eventType'],
      [{ ...download(603), movie: { ...movie(603), tmdbId: '603' } }, 'movie.tmdbId'],
      [{ ...download(603), movieFile: undefined }, 'movieFile'],
      [{ ...download(603), movie: { ...movie(603), imdbId: 'nm0000206' } }, 'movie.imdbId'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('radarr', payload);
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field })]);
      expect(res.body.error.message).toContain(field);
      const stored = await storedEvent(res.body.eventId);
      expect(stored.outcome).toBe('invalid');
      expect(stored.error).toContain(field);
      if (typeof payload === 'string') expect(stored.payload).toBe(payload);
      else expect(stored.payload).toEqual(JSON.parse(JSON.stringify(payload)));
    }
  });

  it('refuses bad credentials with 401 and takes HTTP Basic with the webhook login', async () => {
    const before = (await h.pool.query('SELECT count(*)::int AS n FROM webhook_events')).rows[0].n;
    const test = { ...common, eventType: 'Test' };
    expect((await post('radarr', test, 'none')).status).toBe(401);
    expect((await post('radarr', test, { basic: 'radarr:wrong' })).status).toBe(401);
    expect((await post('radarr', test, { basic: 'sonarr:hook-secret' })).status).toBe(401);
    const wrongKey = await fetch(`${h.api}/api/webhooks/radarr?apikey=${TEST_API_KEY}x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(test),
    });
    expect(wrongKey.status).toBe(401);
    expect((await h.pool.query('SELECT count(*)::int AS n FROM webhook_events')).rows[0].n).toBe(before);

    const basic = await post('radarr', test, { basic: 'radarr:hook-secret' });
    expect(basic).toEqual({ status: 200, body: { eventId: expect.any(Number), outcome: 'test' } });
    // The webhook login opens the webhooks only: every other route still wants the key.
    const movies = await fetch(`${h.api}/api/movies`, {
      headers: { authorization: `Basic ${Buffer.from('radarr:hook-secret').toString('base64')}` },
    });
    expect(movies.status).toBe(401);
  });

  it('joins five simultaneous deliveries of the same Download into one run and stores all five', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('radarr', download(680))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 202]);
    const workflowIds = new Set(answers.map((a) => a.body.workflowId));
    expect(workflowIds.size).toBe(1);
    const [workflowId] = workflowIds as Set<string>;
    expect(answers.filter((a) => a.body.outcome === 'joined_running')).toHaveLength(4);
    expect(await movieRow(680)).toHaveLength(1);
    const { rows } = await h.pool.query('SELECT outcome FROM webhook_events WHERE id = ANY($1) ORDER BY id', [
      answers.map((a) => a.body.eventId),
    ]);
    expect(rows.map((r) => r.outcome).sort()).toEqual(['enrichment_started', ...Array(4).fill('joined_running')]);
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM webhook_events WHERE workflow_id = $1', [workflowId])).rows[0]
        .n,
    ).toBe(5);
    expect((await waitForEnrichment(h.api, workflowId!)).status).toBe('COMPLETED');
    // Temporal saw one run of the workflow, not five.
    let runs = 0;
    for (let tries = 0; tries < 50; tries++) {
      runs = (await h.client.workflow.count(`WorkflowId = "${workflowId}"`)).count;
      if (runs > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs).toBe(1);
  });

  it('maps paths by the longest matching prefix and refuses a file outside the library roots', async () => {
    // /movies/4k is longer than /movies: its mapping wins.
    const uhd = await post('radarr', download(550, '/movies/4k'));
    expect(uhd.status).toBe(202);
    expect((await movieRow(550))[0].file_path).toBe(
      join(root, 'uhd', 'Fight Club (1999)', 'Fight Club (1999) Bluray-1080p.mkv'),
    );
    // Without movieFile.path, the movie's folder and the file's relative path.
    const payload = download(78);
    const relativeOnly = await post('radarr', { ...payload, movieFile: { ...payload.movieFile, path: undefined } });
    expect(relativeOnly.status).toBe(202);
    expect((await movieRow(78))[0].file_path).toBe(
      join(root, 'movies', 'Blade Runner (1982)', 'Blade Runner (1982) Bluray-1080p.mkv'),
    );

    // Mapped somewhere that is no library root, and not mapped at all.
    for (const [base, shown] of [
      ['/elsewhere', /mapped by PATH_MAPPINGS to "\/srv\/not-a-library\/Alien \(1979\)/],
      ['/downloads', /"\/downloads\/Alien \(1979\)\/.*" is refused: .* is not inside a library root/],
    ] as const) {
      const res = await post('radarr', download(348, base));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ outcome: 'refused', error: { details: { field: 'movieFile.path' } } });
      expect(res.body.error.message).toMatch(shown);
      expect(res.body.error.message).toContain(root);
      expect(await storedEvent(res.body.eventId)).toMatchObject({ outcome: 'refused', error: res.body.error.message });
    }
    expect(await movieRow(348)).toEqual([]);
    await waitForEnrichment(h.api, uhd.body.workflowId);
    await waitForEnrichment(h.api, relativeOnly.body.workflowId);
  });
});

describe('Sonarr and the event log', () => {
  it('stores and acknowledges Sonarr calls, refusing one without an event type', async () => {
    const ok = await post('sonarr', {
      eventType: 'Download',
      series: {
        id: 1,
        title: 'Severance',
        path: '/tv/Severance',
        tvdbId: 371980,
        tvMazeId: 44933,
        imdbId: 'tt11280740',
        type: 'standard',
      },
      episodes: [{ id: 1, episodeNumber: 1, seasonNumber: 1, title: 'Good News About Hell' }],
      episodeFile: {
        id: 1,
        relativePath: 'Season 1/Severance - S01E01.mkv',
        path: '/tv/Severance/Season 1/Severance - S01E01.mkv',
      },
      isUpgrade: false,
    });
    expect(ok).toEqual({ status: 200, body: { eventId: expect.any(Number), outcome: 'stored' } });
    const bad = await post('sonarr', { series: { id: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([expect.objectContaining({ field: 'eventType' })]);
    expect(await storedEvent(bad.body.eventId)).toMatchObject({
      source: 'sonarr',
      event_type: null,
      outcome: 'invalid',
    });
  });

  it('lists the most recent events, newest first', async () => {
    const res = await call(h.api, 'GET', '/api/webhooks/events?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(2);
    const [newest, previous] = res.body.events;
    expect(newest).toMatchObject({ source: 'sonarr', eventType: null, outcome: 'invalid', workflowId: null });
    expect(previous).toMatchObject({ source: 'sonarr', eventType: 'Download', outcome: 'stored' });
    expect(newest.id).toBeGreaterThan(previous.id);
    expect((await call(h.api, 'GET', '/api/webhooks/events?limit=0')).status).toBe(400);
    const all = (await call(h.api, 'GET', '/api/webhooks/events?limit=500')).body;
    expect(all.events.length).toBeGreaterThan(10);
    expect(all).toMatchObject({ total: all.events.length, nextCursor: null });
    // Paged: each page continues where the last stopped, whatever arrives meanwhile.
    const paged: number[] = [];
    let cursor: string | null = res.body.nextCursor;
    paged.push(...res.body.events.map((e: { id: number }) => e.id));
    await call(h.api, 'POST', '/api/webhooks/sonarr', { eventType: 'Test' });
    while (cursor) {
      const page = (await call(h.api, 'GET', `/api/webhooks/events?limit=4&cursor=${cursor}`)).body;
      paged.push(...page.events.map((e: { id: number }) => e.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all.events.map((e: { id: number }) => e.id));
    const invalid = (await call(h.api, 'GET', '/api/webhooks/events?outcome=invalid&source=sonarr')).body;
    expect(invalid.events.length).toBeGreaterThan(0);
    expect(invalid.total).toBe(invalid.events.length);
    expect(
      invalid.events.every(
        (e: { outcome: string; source: string }) => e.outcome === 'invalid' && e.source === 'sonarr',
      ),
    ).toBe(true);
  });
});

describe('configuration', () => {
  it('orders path mappings longest first and maps whole folder names only', () => {
    const { pathMappings } = loadConfig({
      PATH_MAPPINGS: '/movies:/srv/media/movies, /movies/4k:/srv/uhd,/tv:/srv/tv',
    });
    expect(pathMappings.map((m) => m.from)).toEqual(['/movies/4k', '/movies', '/tv']);
    expect(mapPath('/movies/4k/A (2000)/a.mkv', pathMappings)).toBe('/srv/uhd/A (2000)/a.mkv');
    expect(mapPath('/movies/A (2000)/a.mkv', pathMappings)).toBe('/srv/media/movies/A (2000)/a.mkv');
    expect(mapPath('/movies2/a.mkv', pathMappings)).toBe('/movies2/a.mkv');
    expect(() => loadConfig({ PATH_MAPPINGS: 'movies:/srv' })).toThrow(
      /PATH_MAPPINGS\.0: from:to, both absolute paths/,
    );
  });

  it('needs both WEBHOOK_USER and WEBHOOK_PASSWORD, or neither', () => {
    expect(() => loadConfig({ WEBHOOK_USER: 'radarr' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ WEBHOOK_PASSWORD: 'x' })).toThrow(/set both or neither/);
    expect(loadConfig({ WEBHOOK_USER: 'radarr', WEBHOOK_PASSWORD: 'x' }).webhookLogin).toEqual({
      user: 'radarr',
      password: 'x',
    });
    expect(loadConfig({}).webhookLogin).toBeUndefined();
  });
});
