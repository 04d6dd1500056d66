// What a movie folder on disk holds: which files are the film (not extras), how they group into
// films, and what film each is, from an NFO, id tags in names, or "Title (Year)". Pure string work
// so the scanner's disk walk stays thin and these rules can be tested without a file system.

export const VIDEO_EXTENSIONS: readonly string[] = Object.freeze([
  'mkv',
  'mp4',
  'avi',
  'm4v',
  'mov',
  'wmv',
  'ts',
  'm2ts',
  'iso',
]);

const VIDEO_SET = new Set(VIDEO_EXTENSIONS);

/** The last path segment: callers pass base names, but a stray folder must not leak into a title. */
function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

function extensionOf(name: string): string | null {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? null : base.slice(dot + 1).toLowerCase();
}

export function isVideoFile(name: string): boolean {
  const ext = extensionOf(name);
  return ext !== null && VIDEO_SET.has(ext);
}

/** Only a video extension is stripped: "Mr. Smith" must keep its dot-word. */
function withoutVideoExtension(name: string): string {
  const base = baseName(name);
  return isVideoFile(base) ? base.slice(0, base.lastIndexOf('.')) : base;
}

// Plex and Jellyfin extra folders ('clips' is Jellyfin's too).
const EXTRA_FOLDERS = new Set([
  'extras',
  'featurettes',
  'behind the scenes',
  'deleted scenes',
  'interviews',
  'scenes',
  'shorts',
  'trailers',
  'sample',
  'samples',
  'other',
  'clips',
]);

// "-trailer" style suffixes. A space before the word only counts for words no film title ends
// with: "The Big Short", "The Interview" and "The Other" are films, not extras.
const EXTRA_SUFFIX = /[-._](trailer|sample|featurette|behindthescenes|deleted|interview|scene|short|other)$/i;
const EXTRA_SPACE_SUFFIX = / (trailer|sample|featurette|behindthescenes)$/i;

export function isExtra(relativePath: string): boolean {
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  const file = segments.pop();
  if (segments.some((s) => EXTRA_FOLDERS.has(s.trim().toLowerCase()))) return true;
  if (file === undefined) return false;
  const lower = file.toLowerCase();
  if (lower === 'sample' || lower.startsWith('sample.')) return true;
  const stem = withoutVideoExtension(file);
  return EXTRA_SUFFIX.test(stem) || EXTRA_SPACE_SUFFIX.test(stem);
}

export interface DiskIdentity {
  tmdbId: number | null;
  imdbId: string | null;
  title: string | null;
  year: number | null;
  source: 'nfo' | 'folder_tag' | 'file_name' | 'name';
}

function tmdbIdOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function imdbIdOf(text: string | undefined): string | null {
  if (text === undefined || !/^tt\d{7,8}$/i.test(text)) return null;
  return 'tt' + text.slice(2);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element text: CDATA unwrapped, entities decoded, whitespace collapsed; null when empty. */
function elementText(raw: string): string | null {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  const text = (cdata ? cdata[1]! : raw)
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] !== '#') return ENTITIES[code.toLowerCase()] ?? whole;
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

/** Every `<tag …>text</tag>` with its attribute text; tag names are matched case-insensitively. */
function elements(xml: string, tag: string): { attrs: string; text: string }[] {
  // A CDATA section is looked for over at most 4 KiB, so a crafted NFO of many unclosed sections
  // costs linear time, not quadratic.
  const re = new RegExp(`<${tag}(\\s[^<>]*)?>([^<]*|<!\\[CDATA\\[[\\s\\S]{0,4096}?\\]\\]>)</${tag}\\s*>`, 'gi');
  return [...xml.matchAll(re)].map((m) => ({ attrs: m[1] ?? '', text: m[2] ?? '' }));
}

function firstText(xml: string, tag: string): string | null {
  for (const e of elements(xml, tag)) {
    const text = elementText(e.text);
    if (text !== null) return text;
  }
  return null;
}

function plausibleYear(text: string | null): number | null {
  const m = text === null ? null : /^(\d{4})(?:-\d\d-\d\d)?$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  return year >= 1870 && year <= 2100 ? year : null;
}

// Regex reading rather than a parser: NFOs in the wild are often not well-formed XML (scene NFOs
// with ASCII art, truncated files), and a reader that never throws is what a scan needs.
export function idsFromNfo(
  nfo: string,
): { tmdbId: number | null; imdbId: string | null; title: string | null; year: number | null } | null {
  if (typeof nfo !== 'string' || !nfo.includes('<')) return null;
  let tmdbId: number | null = null;
  let imdbId: string | null = null;
  for (const { attrs, text } of elements(nfo, 'uniqueid')) {
    const type = /\btype\s*=\s*["']?([a-z]+)/i.exec(attrs)?.[1]?.toLowerCase();
    const value = elementText(text) ?? undefined;
    if (type === 'tmdb') tmdbId ??= tmdbIdOf(value);
    else if (type === 'imdb') imdbId ??= imdbIdOf(value);
  }
  tmdbId ??= tmdbIdOf(firstText(nfo, 'tmdbid') ?? undefined);
  imdbId ??= imdbIdOf(firstText(nfo, 'imdbid') ?? undefined) ?? imdbIdOf(firstText(nfo, 'imdb_id') ?? undefined);
  // Kodi's old `<id>` held the IMDb id; a bare number there could be any scraper's, so only tt… counts.
  if (imdbId === null) {
    for (const e of elements(nfo, 'id')) imdbId ??= imdbIdOf(elementText(e.text) ?? undefined);
  }
  if (tmdbId === null && imdbId === null) return null;
  const title = firstText(nfo, 'title');
  const year = plausibleYear(firstText(nfo, 'year')) ?? plausibleYear(firstText(nfo, 'premiered'));
  return { tmdbId, imdbId, title, year };
}

const TAG =
  /\{\s*(tmdb|tmdbid|imdb|imdbid)\s*[-=]\s*([a-z0-9]+)\s*\}|\[\s*(tmdb|tmdbid|imdb|imdbid)\s*[-=]\s*([a-z0-9]+)\s*\]/gi;

export function idsFromTags(name: string): { tmdbId: number | null; imdbId: string | null } | null {
  let tmdbId: number | null = null;
  let imdbId: string | null = null;
  for (const m of name.matchAll(TAG)) {
    const kind = (m[1] ?? m[3] ?? '').toLowerCase();
    const value = m[2] ?? m[4];
    if (kind.startsWith('tmdb')) tmdbId ??= tmdbIdOf(value);
    else imdbId ??= imdbIdOf(value);
  }
  return tmdbId === null && imdbId === null ? null : { tmdbId, imdbId };
}

export function imdbIdInName(name: string): string | null {
  const m = /(?<![a-z0-9])tt(\d{7,8})(?![a-z0-9])/i.exec(name);
  return m ? 'tt' + m[1] : null;
}

// Release tokens that end a title. Only unambiguous words: "Web" or "Cut" alone can be a title's.
const QUALITY_TOKENS = new Set([
  '4k',
  '8k',
  'uhd',
  'bluray',
  'blu-ray',
  'bdrip',
  'brrip',
  'bdremux',
  'remux',
  'web-dl',
  'webdl',
  'webrip',
  'web-rip',
  'hdtv',
  'hdrip',
  'dvdrip',
  'dvd-rip',
  'dvdscr',
  'hdcam',
  'xvid',
  'divx',
  'hevc',
  'avc',
  '10bit',
  'hdr',
  'hdr10',
  'truehd',
  'atmos',
  'proper',
  'repack',
  'extended',
  'unrated',
  'remastered',
  'imax',
]);

const CUT_WORDS = new Set(['directors', "director's", 'directors’', 'director’s']);

function bare(token: string): string {
  return token.replace(/^[([{'"]+|[)\]}'",:;!?]+$/g, '').toLowerCase();
}

function isQuality(tokens: string[], i: number): boolean {
  const word = bare(tokens[i]!);
  const next = i + 1 < tokens.length ? bare(tokens[i + 1]!) : '';
  if (CUT_WORDS.has(word) && next === 'cut') return true;
  // "H.264" arrives as "H" "264" once dots are spaces.
  if (word === 'h' && /^26[45]$/.test(next)) return true;
  return [word, ...(word.includes('-') ? word.split('-') : [])].some(
    (w) =>
      QUALITY_TOKENS.has(w) ||
      /^\d{3,4}[pi]$/.test(w) ||
      /^[xh]26[45]$/.test(w) ||
      /^(dd|ddp|eac3|ac3|dts)\d?$/.test(w),
  );
}

function isPartWord(tokens: string[], i: number): boolean {
  const word = bare(tokens[i]!);
  if (/^(cd|disc|disk|dvd|part|pt)\d{1,2}$/.test(word)) return true;
  const next = i + 1 < tokens.length ? bare(tokens[i + 1]!) : '';
  return /^(cd|disc|disk|part|pt)$/.test(word) && /^\d{1,2}$/.test(next);
}

const YEAR = /^(19|20)\d\d$/;

function cleanTitle(tokens: string[]): string | null {
  const title = tokens
    .join(' ')
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–—)\],:;]+|[\s\-–—([,:;]+$/g, '')
    .trim();
  return title === '' ? null : title;
}

export function parseTitleYear(name: string): { title: string; year: number | null } | null {
  const text = withoutVideoExtension(name)
    .replace(/\{[^{}]*\}/g, ' ')
    // A year in brackets is still the year; other bracketed tags ("[720p]", "[imdbid-…]") go.
    .replace(/\[\s*((?:19|20)\d\d)\s*\]/g, ' ($1) ')
    .replace(/\[[^[\]]*\]/g, ' ')
    .replace(/[._]/g, ' ');
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  let quality = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (isQuality(tokens, i)) {
      quality = i;
      break;
    }
  }
  // The last year before the release tokens, never the first word: "2001 A Space Odyssey 1968",
  // "Blade Runner 2049 2017". A year in parentheses wins over a bare one ("Blade Runner 2049 (2017)").
  let yearAt = -1;
  let parenthesised = false;
  for (let i = 1; i < quality; i++) {
    const token = tokens[i]!;
    if (!YEAR.test(bare(token))) continue;
    const inParens = /^[([]/.test(token);
    if (parenthesised && !inParens) continue;
    yearAt = i;
    parenthesised ||= inParens;
  }
  if (yearAt > 0) {
    const title = cleanTitle(tokens.slice(0, yearAt));
    if (title !== null) return { title, year: Number(bare(tokens[yearAt]!)) };
  }
  let end = quality;
  for (let i = 1; i < end; i++) {
    if (isPartWord(tokens, i)) end = i;
  }
  const title = cleanTitle(tokens.slice(0, end));
  return title === null ? null : { title, year: null };
}

// Plex/Jellyfin stacking words. "DVD5"/"DVD9" are disc formats, not parts.
const PART = /(^|[\s._-]+)(cd|disc|disk|dvd|part|pt)[\s._-]?(\d{1,2})(?=$|[\s._-])/i;

export function partOf(fileName: string): { stem: string; part: number } | null {
  const name = withoutVideoExtension(fileName);
  const m = PART.exec(name);
  if (!m || m.index === 0) return null;
  const word = m[2]!.toLowerCase();
  const part = Number(m[3]);
  if (part < 1 || (word === 'dvd' && (part === 5 || part === 9))) return null;
  const stem = (name.slice(0, m.index) + name.slice(m.index + m[0].length))
    .replace(/^[\s._-]+|[\s._-]+$/g, '')
    .replace(/\s+/g, ' ');
  return stem === '' ? null : { stem, part };
}

export function identifyFilm(input: { folderName: string; fileName: string; nfo: string | null }): DiskIdentity | null {
  const folderName = baseName(input.folderName);
  const fileName = baseName(input.fileName);
  const fromFolder = parseTitleYear(folderName);
  const fromFile = parseTitleYear(fileName);
  // The folder is usually the curated name; the file is often a raw release name.
  const named =
    fromFolder?.year != null ? fromFolder : fromFile?.year != null ? fromFile : (fromFolder ?? fromFile ?? null);
  const title = named?.title ?? null;
  const year = named?.year ?? null;

  const nfo = input.nfo === null ? null : idsFromNfo(input.nfo);
  if (nfo) {
    return {
      tmdbId: nfo.tmdbId,
      imdbId: nfo.imdbId,
      title: nfo.title ?? title,
      year: nfo.year ?? year,
      source: 'nfo',
    };
  }
  const folderTags = idsFromTags(folderName);
  const fileTags = idsFromTags(fileName);
  if (folderTags || fileTags) {
    return {
      tmdbId: folderTags?.tmdbId ?? fileTags?.tmdbId ?? null,
      imdbId: folderTags?.imdbId ?? fileTags?.imdbId ?? null,
      title,
      year,
      source: 'folder_tag',
    };
  }
  const imdbId = imdbIdInName(fileName);
  if (imdbId !== null) return { tmdbId: null, imdbId, title, year, source: 'file_name' };
  return title === null ? null : { tmdbId: null, imdbId: null, title, year, source: 'name' };
}

/** Same film despite case, accents, punctuation and "&" vs "and". */
function normalisedTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Code-point order: deterministic, unlike locale collation.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Parts of one film by part number (cd2 before cd10); anything else by name. */
function withinFilm(a: string, b: string): number {
  const pa = partOf(a);
  const pb = partOf(b);
  if (pa && pb && pa.stem === pb.stem && pa.part !== pb.part) return pa.part - pb.part;
  return byName(a, b);
}

export function filmsInFolder(videoFiles: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const file of [...new Set(videoFiles)].sort(byName)) {
    const part = partOf(file);
    const stem = part ? part.stem : withoutVideoExtension(file);
    const parsed = parseTitleYear(stem);
    const title = parsed ? normalisedTitle(parsed.title) : '';
    const key = title ? `title:${title}|${parsed?.year ?? ''}` : part ? `stem:${stem.toLowerCase()}` : `file:${file}`;
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return [...groups.values()].map((g) => g.sort(withinFilm)).sort((a, b) => byName(a[0]!, b[0]!));
}
