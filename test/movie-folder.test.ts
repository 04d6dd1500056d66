import { describe, expect, it } from 'vitest';
import {
  VIDEO_EXTENSIONS,
  filmsInFolder,
  identifyFilm,
  idsFromNfo,
  idsFromTags,
  imdbIdInName,
  isExtra,
  isVideoFile,
  parseTitleYear,
  partOf,
} from '../domain/movie-folder.js';

const KODI_NFO = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<movie>
  <title>The Matrix</title>
  <originaltitle>The Matrix</originaltitle>
  <year>1999</year>
  <uniqueid type="imdb">tt0133093</uniqueid>
  <uniqueid type="tmdb" default="true">603</uniqueid>
  <actor><name>Keanu Reeves</name><role>Neo</role></actor>
</movie>`;

describe('isVideoFile', () => {
  it('knows the video extensions, case-insensitively', () => {
    expect(VIDEO_EXTENSIONS).toEqual(['mkv', 'mp4', 'avi', 'm4v', 'mov', 'wmv', 'ts', 'm2ts', 'iso']);
    expect(isVideoFile('The Matrix (1999) Bluray-1080p.mkv')).toBe(true);
    expect(isVideoFile('MOVIE.M2TS')).toBe(true);
    expect(isVideoFile('disc.ISO')).toBe(true);
    expect(isVideoFile('movie.nfo')).toBe(false);
    expect(isVideoFile('poster.jpg')).toBe(false);
    expect(isVideoFile('The Matrix (1999).en.srt')).toBe(false);
    expect(isVideoFile('mkv')).toBe(false);
    expect(isVideoFile('.mkv')).toBe(false);
  });
});

describe('isExtra', () => {
  it('flags files inside Plex/Jellyfin extra folders, at any depth', () => {
    expect(isExtra('Extras/Making of.mkv')).toBe(true);
    expect(isExtra('Behind The Scenes/Bullet time.mp4')).toBe(true);
    expect(isExtra('featurettes/a.mkv')).toBe(true);
    expect(isExtra('Deleted Scenes/x.mkv')).toBe(true);
    expect(isExtra('Trailers/The Matrix.mkv')).toBe(true);
    expect(isExtra('Sample/pulp.fiction.1994.1080p-grp.mkv')).toBe(true);
    expect(isExtra('Samples/x.mkv')).toBe(true);
    expect(isExtra('Other/x.mkv')).toBe(true);
    expect(isExtra('Bonus/Shorts/x.mkv')).toBe(true);
    expect(isExtra('Interviews/x.mkv')).toBe(true);
    expect(isExtra('scenes/x.mkv')).toBe(true);
  });

  it('flags -trailer, -sample and the like, with -, ., _ before the word', () => {
    expect(isExtra('The Matrix (1999)-trailer.mkv')).toBe(true);
    expect(isExtra('pulp.fiction.1994.1080p.bluray.x264-group-sample.mkv')).toBe(true);
    expect(isExtra('The Matrix (1999).sample.mkv')).toBe(true);
    expect(isExtra('The_Matrix_featurette.mp4')).toBe(true);
    expect(isExtra('The Matrix-behindthescenes.mkv')).toBe(true);
    expect(isExtra('The Matrix-deleted.mkv')).toBe(true);
    expect(isExtra('The Matrix-interview.mkv')).toBe(true);
    expect(isExtra('The Matrix-scene.mkv')).toBe(true);
    expect(isExtra('The Matrix-short.mkv')).toBe(true);
    expect(isExtra('The Matrix-other.mkv')).toBe(true);
    expect(isExtra('The Matrix TRAILER.mkv')).toBe(true);
    expect(isExtra('The Matrix sample.mkv')).toBe(true);
  });

  it('flags a file named sample', () => {
    expect(isExtra('sample.mkv')).toBe(true);
    expect(isExtra('Sample.avi')).toBe(true);
    expect(isExtra('sample')).toBe(true);
  });

  it('leaves the film alone, including titles that end in an extra word', () => {
    expect(isExtra('The Matrix (1999) Bluray-1080p.mkv')).toBe(false);
    expect(isExtra('Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv')).toBe(false);
    expect(isExtra('The Big Short.mkv')).toBe(false);
    expect(isExtra('The Interview.mkv')).toBe(false);
    expect(isExtra('The Other (1972).mkv')).toBe(false);
    expect(isExtra('Trailer Park Boys The Movie (2006).mkv')).toBe(false);
    expect(isExtra('Samples of Life (2010).mkv')).toBe(false);
    expect(isExtra('Sub/The Matrix.mkv')).toBe(false);
  });
});

describe('idsFromNfo', () => {
  it('reads a Kodi NFO with uniqueid elements, title and year', () => {
    expect(idsFromNfo(KODI_NFO)).toEqual({ tmdbId: 603, imdbId: 'tt0133093', title: 'The Matrix', year: 1999 });
  });

  it('reads Jellyfin <tmdbid>/<imdbid> and single-quoted attributes', () => {
    expect(
      idsFromNfo('<movie><title>Heat</title><tmdbid>949</tmdbid><imdbid>tt0113277</imdbid><year>1995</year></movie>'),
    ).toEqual({ tmdbId: 949, imdbId: 'tt0113277', title: 'Heat', year: 1995 });
    expect(idsFromNfo("<movie><uniqueid default='true' type='tmdb'>949</uniqueid></movie>")).toEqual({
      tmdbId: 949,
      imdbId: null,
      title: null,
      year: null,
    });
  });

  it("reads Kodi's old <id>tt…</id>, but not a bare number there", () => {
    expect(idsFromNfo('<movie><id>tt0133093</id><title>The Matrix</title></movie>')).toEqual({
      tmdbId: null,
      imdbId: 'tt0133093',
      title: 'The Matrix',
      year: null,
    });
    expect(idsFromNfo('<movie><id>603</id><title>The Matrix</title></movie>')).toBeNull();
  });

  it('decodes entities and CDATA in the title', () => {
    expect(
      idsFromNfo('<movie><title>Fast &amp; Furious</title><uniqueid type="tmdb">13804</uniqueid></movie>')?.title,
    ).toBe('Fast & Furious');
    expect(
      idsFromNfo('<movie><title><![CDATA[Léon & Mathilda]]></title><uniqueid type="tmdb">101</uniqueid></movie>')
        ?.title,
    ).toBe('Léon & Mathilda');
  });

  it('is null without ids, and never throws on garbage', () => {
    expect(idsFromNfo('<movie><title>The Matrix</title><year>1999</year></movie>')).toBeNull();
    expect(idsFromNfo('')).toBeNull();
    expect(idsFromNfo('just some text tt0133093')).toBeNull();
    expect(idsFromNfo('\u0000\uffff<<<>>></uniqueid><uniqueid type=')).toBeNull();
    expect(idsFromNfo('<movie><uniqueid type="tmdb">abc</uniqueid><imdbid>nm0000206</imdbid>')).toBeNull();
    expect(idsFromNfo('<'.repeat(100_000) + '<uniqueid type="tmdb"'.repeat(1000))).toBeNull();
    expect(() => idsFromNfo(undefined as any)).not.toThrow();
  });
});

describe('idsFromTags', () => {
  it('reads Radarr and Jellyfin tags, case-insensitively', () => {
    expect(idsFromTags('The Matrix (1999) {tmdb-603}')).toEqual({ tmdbId: 603, imdbId: null });
    expect(idsFromTags('The Matrix (1999) [imdbid-tt0133093]')).toEqual({ tmdbId: null, imdbId: 'tt0133093' });
    expect(idsFromTags('The Matrix (1999) [tmdbid-603]')).toEqual({ tmdbId: 603, imdbId: null });
    expect(idsFromTags('The Matrix (1999) {imdb-tt0133093}')).toEqual({ tmdbId: null, imdbId: 'tt0133093' });
    expect(idsFromTags('The Matrix (1999) {TMDBID-603} {IMDBID-tt0133093}')).toEqual({
      tmdbId: 603,
      imdbId: 'tt0133093',
    });
  });

  it('is null without a valid tag', () => {
    expect(idsFromTags('The Matrix (1999)')).toBeNull();
    expect(idsFromTags('The Matrix (1999) {tmdb-abc}')).toBeNull();
    expect(idsFromTags('The Matrix (1999) {imdb-603}')).toBeNull();
    expect(idsFromTags('The Matrix (1999) [1080p]')).toBeNull();
  });
});

describe('imdbIdInName', () => {
  it('finds a bounded tt id', () => {
    expect(imdbIdInName('The.Matrix.1999.tt0133093.1080p.mkv')).toBe('tt0133093');
    expect(imdbIdInName('Some Film tt12345678.mkv')).toBe('tt12345678');
    expect(imdbIdInName('tt0133093.mkv')).toBe('tt0133093');
  });

  it('ignores ids glued to other letters or digits, and short ones', () => {
    expect(imdbIdInName('Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv')).toBeNull();
    expect(imdbIdInName('xtt0133093.mkv')).toBeNull();
    expect(imdbIdInName('tt01330931234.mkv')).toBeNull();
    expect(imdbIdInName('tt013309.mkv')).toBeNull();
  });
});

describe('parseTitleYear', () => {
  it.each([
    ['The Matrix (1999) Bluray-1080p.mkv', 'The Matrix', 1999],
    ['The Matrix (1999)', 'The Matrix', 1999],
    ['The Matrix (1999) {tmdb-603}', 'The Matrix', 1999],
    ['The Matrix (1999) [imdbid-tt0133093]', 'The Matrix', 1999],
    ['Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv', 'Pulp Fiction', 1994],
    ['Blade.Runner.2049.2017.2160p.UHD.BluRay.x265.mkv', 'Blade Runner 2049', 2017],
    ['Blade.Runner.2049.2017.1080p', 'Blade Runner 2049', 2017],
    ['Blade Runner 2049 (2017)', 'Blade Runner 2049', 2017],
    ['2001.A.Space.Odyssey.1968.mkv', '2001 A Space Odyssey', 1968],
    ['1917 (2019).mkv', '1917', 2019],
    ['Title 2019 2160p WEB-DL', 'Title', 2019],
    ['Inception_(2010)_[720p]', 'Inception', 2010],
    ['Alien [1979].mkv', 'Alien', 1979],
    ['The.Good.the.Bad.and.the.Ugly.1966.REMASTERED.1080p.BluRay.x264.mkv', 'The Good the Bad and the Ugly', 1966],
    ['Amélie (2001) - Director’s Cut.mkv', 'Amélie', 2001],
  ])('%s', (name, title, year) => {
    expect(parseTitleYear(name)).toEqual({ title, year });
  });

  it.each([
    ['Pulp Fiction.mkv', 'Pulp Fiction'],
    ['Some.Movie.1080p.BluRay.x264-GRP.mkv', 'Some Movie'],
    ['Some Movie Directors Cut 720p.mkv', 'Some Movie'],
    ['Some.Movie.H.264.mkv', 'Some Movie'],
    ['Some Movie EXTENDED.mkv', 'Some Movie'],
    ['Charlotte’s Web.mkv', 'Charlotte’s Web'],
    ['2012.mkv', '2012'],
    ['Kill Bill cd1.avi', 'Kill Bill'],
  ])('without a year: %s', (name, title) => {
    expect(parseTitleYear(name)).toEqual({ title, year: null });
  });

  it('keeps a non-video extension, and is null when no title remains', () => {
    expect(parseTitleYear('Readme.txt')).toEqual({ title: 'Readme txt', year: null });
    expect(parseTitleYear('1080p.BluRay.x264.mkv')).toBeNull();
    expect(parseTitleYear('[tmdbid-603].mkv')).toBeNull();
    expect(parseTitleYear('')).toBeNull();
  });
});

describe('partOf', () => {
  it.each([
    ['The Matrix (1999) cd1.avi', 'The Matrix (1999)', 1],
    ['The Matrix (1999) CD2.avi', 'The Matrix (1999)', 2],
    ['The.Matrix.1999.part1.mkv', 'The.Matrix.1999', 1],
    ['The Matrix - Part 2.mkv', 'The Matrix', 2],
    ['the_matrix_disc2.mkv', 'the_matrix', 2],
    ['the matrix dvd1.iso', 'the matrix', 1],
    ['the matrix-pt3.mkv', 'the matrix', 3],
    ['The.Matrix.1999.DVDRip.XviD.CD1-GRP.avi', 'The.Matrix.1999.DVDRip.XviD-GRP', 1],
  ])('%s', (name, stem, part) => {
    expect(partOf(name)).toEqual({ stem, part });
  });

  it('is null for names that are not parts', () => {
    expect(partOf('The Matrix (1999) Bluray-1080p.mkv')).toBeNull();
    expect(partOf('Apart1.mkv')).toBeNull();
    expect(partOf('cd1.avi')).toBeNull();
    expect(partOf('Movie.2005.DVD9.x264.mkv')).toBeNull();
    expect(partOf('Movie cd0.avi')).toBeNull();
  });
});

describe('identifyFilm', () => {
  it('takes the ids from the NFO, with its title and year', () => {
    expect(
      identifyFilm({
        folderName: 'The Matrix (1999) {tmdb-999}',
        fileName: 'The Matrix (1999) Bluray-1080p.mkv',
        nfo: KODI_NFO,
      }),
    ).toEqual({ tmdbId: 603, imdbId: 'tt0133093', title: 'The Matrix', year: 1999, source: 'nfo' });
  });

  it('fills the title from the names when the NFO has only ids', () => {
    expect(
      identifyFilm({
        folderName: 'The Matrix (1999)',
        fileName: 'The Matrix (1999).mkv',
        nfo: '<movie><uniqueid type="tmdb">603</uniqueid></movie>',
      }),
    ).toEqual({ tmdbId: 603, imdbId: null, title: 'The Matrix', year: 1999, source: 'nfo' });
  });

  it('falls through to the folder tag when the NFO has no ids or is garbage', () => {
    for (const nfo of ['<movie><title>The Matrix</title></movie>', 'ÿþ garbage', null]) {
      expect(
        identifyFilm({ folderName: 'The Matrix (1999) {tmdb-603}', fileName: 'The Matrix (1999).mkv', nfo }),
      ).toEqual({ tmdbId: 603, imdbId: null, title: 'The Matrix', year: 1999, source: 'folder_tag' });
    }
  });

  it('prefers the folder tag, then the file tag', () => {
    expect(
      identifyFilm({
        folderName: 'The Matrix (1999) [tmdbid-603]',
        fileName: 'The Matrix (1999) [tmdbid-604] [imdbid-tt0133093].mkv',
        nfo: null,
      }),
    ).toEqual({ tmdbId: 603, imdbId: 'tt0133093', title: 'The Matrix', year: 1999, source: 'folder_tag' });
    expect(
      identifyFilm({ folderName: 'Movies', fileName: 'The Matrix (1999) [imdbid-tt0133093].mkv', nfo: null }),
    ).toEqual({ tmdbId: null, imdbId: 'tt0133093', title: 'The Matrix', year: 1999, source: 'folder_tag' });
  });

  it('uses an IMDb id in the file name', () => {
    expect(
      identifyFilm({ folderName: 'The Matrix', fileName: 'The.Matrix.1999.tt0133093.1080p.mkv', nfo: null }),
    ).toEqual({ tmdbId: null, imdbId: 'tt0133093', title: 'The Matrix', year: 1999, source: 'file_name' });
  });

  it('falls back to the name, preferring the folder when it has a year', () => {
    expect(
      identifyFilm({
        folderName: 'Pulp Fiction (1994)',
        fileName: 'Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv',
        nfo: null,
      }),
    ).toEqual({ tmdbId: null, imdbId: null, title: 'Pulp Fiction', year: 1994, source: 'name' });
    expect(
      identifyFilm({
        folderName: 'Pulp Fiction',
        fileName: 'Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv',
        nfo: null,
      }),
    ).toEqual({ tmdbId: null, imdbId: null, title: 'Pulp Fiction', year: 1994, source: 'name' });
    expect(identifyFilm({ folderName: 'Pulp Fiction', fileName: 'movie.mkv', nfo: null })).toEqual({
      tmdbId: null,
      imdbId: null,
      title: 'Pulp Fiction',
      year: null,
      source: 'name',
    });
  });

  it('is null when nothing identifies the film', () => {
    expect(identifyFilm({ folderName: '', fileName: '1080p.BluRay.x264.mkv', nfo: 'garbage' })).toBeNull();
  });
});

describe('filmsInFolder', () => {
  it('keeps a single file as one film', () => {
    expect(filmsInFolder(['The Matrix (1999) Bluray-1080p.mkv'])).toEqual([['The Matrix (1999) Bluray-1080p.mkv']]);
    expect(filmsInFolder([])).toEqual([]);
  });

  it('groups the parts of one film, first part first', () => {
    expect(filmsInFolder(['Kill Bill cd2.avi', 'Kill Bill cd1.avi'])).toEqual([
      ['Kill Bill cd1.avi', 'Kill Bill cd2.avi'],
    ]);
    expect(filmsInFolder(['Movie part10.mkv', 'Movie part2.mkv', 'Movie part1.mkv'])).toEqual([
      ['Movie part1.mkv', 'Movie part2.mkv', 'Movie part10.mkv'],
    ]);
  });

  it('groups two versions of the same film', () => {
    expect(
      filmsInFolder(['The Matrix (1999) Bluray-1080p.mkv', 'The.Matrix.1999.2160p.UHD.BluRay.x265-GRP.mkv']),
    ).toEqual([['The Matrix (1999) Bluray-1080p.mkv', 'The.Matrix.1999.2160p.UHD.BluRay.x265-GRP.mkv']]);
  });

  it('splits a folder holding two different films', () => {
    expect(
      filmsInFolder([
        'Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv',
        'Blade.Runner.2049.2017.2160p.UHD.BluRay.x265.mkv',
        'Blade Runner (1982).mkv',
      ]),
    ).toEqual([
      ['Blade Runner (1982).mkv'],
      ['Blade.Runner.2049.2017.2160p.UHD.BluRay.x265.mkv'],
      ['Pulp.Fiction.1994.1080p.BluRay.x264-GROUP.mkv'],
    ]);
  });

  it('keeps unparseable files apart', () => {
    expect(filmsInFolder(['1080p.mkv', '720p.mkv'])).toEqual([['1080p.mkv'], ['720p.mkv']]);
  });
});
