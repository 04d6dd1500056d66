// yt-dlp as a child process: a metadata probe (its JSON dump) and a download into a folder of ours,
// with progress read from its output line by line. Nothing it prints is buffered beyond a line or
// the probe's JSON, and aborting the signal kills it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatSelector, probeSchema, type Probe } from '../domain/trailers.js';

export interface YtDlpOptions {
  bin: string;
  /** A Netscape cookies file, for videos that need a signed-in viewer. */
  cookiesFile?: string;
  signal?: AbortSignal;
}

/** yt-dlp failed; `message` is its last `ERROR:` line (what the classifier reads). */
export class YtDlpError extends Error {
  override name = 'YtDlpError';
}

/** Never a user's own yt-dlp configuration, cache or playlist expansion; a few retries, not ten. */
const COMMON = ['--no-config', '--no-playlist', '--no-cache-dir', '--socket-timeout', '30', '--retries', '2'];
const MAX_PROBE_BYTES = 32 * 1024 * 1024;

interface Run {
  onLine?: (line: string) => void;
  stdoutLimit?: number;
}

function runYtDlp(opts: YtDlpOptions, args: string[], run: Run = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    opts.signal?.throwIfAborted();
    const cookies = opts.cookiesFile ? ['--cookies', opts.cookiesFile] : [];
    const child = spawn(opts.bin, [...COMMON, ...cookies, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let lastError = '';
    let tooLarge = false;
    const stderrTail: string[] = [];
    const kill = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', kill, { once: true });
    if (run.onLine) createInterface({ input: child.stdout }).on('line', run.onLine);
    else
      child.stdout.on('data', (chunk: Buffer) => {
        if (stdout.length + chunk.length > (run.stdoutLimit ?? MAX_PROBE_BYTES)) {
          tooLarge = true;
          kill();
        } else stdout += chunk.toString('utf8');
      });
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith('ERROR:')) lastError = line.slice('ERROR:'.length).trim();
      stderrTail.push(line);
      if (stderrTail.length > 5) stderrTail.shift();
    });
    child.on('error', (err) => reject(new YtDlpError(`yt-dlp could not be started (${opts.bin}): ${err.message}`)));
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', kill);
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      if (tooLarge) return reject(new YtDlpError('yt-dlp printed more than a probe can be'));
      if (code === 0) return resolve(stdout);
      reject(new YtDlpError(lastError || stderrTail.join(' ').trim() || `yt-dlp exited with ${code ?? signal}`));
    });
  });
}

/** The video's metadata, or null when yt-dlp answers without one. */
export async function probeVideo(opts: YtDlpOptions, url: string): Promise<Probe | null> {
  const out = await runYtDlp(opts, ['--dump-single-json', '--skip-download', url]);
  const text = out.trim();
  if (!text || text === 'null') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new YtDlpError('yt-dlp printed something other than JSON for the probe');
  }
  const parsed = probeSchema.safeParse(json);
  if (!parsed.success)
    throw new YtDlpError(`yt-dlp's probe has an unexpected shape: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number | null;
  /** bytes per second, when yt-dlp knows it */
  speed: number | null;
}

const PROGRESS_PREFIX = 'media-enrichment-progress ';
const FILE_PREFIX = 'media-enrichment-file ';

const num = (s: string | undefined) => {
  const n = Number(s);
  return s && s !== 'NA' && Number.isFinite(n) ? n : null;
};

/**
 * Downloads the video into `dir` as `trailer.{ext}` (merged into mp4 where formats must be merged)
 * and returns the file's path. `maxBytes` stops a file larger than that.
 */
export async function downloadVideo(
  opts: YtDlpOptions,
  url: string,
  d: { dir: string; maxHeight: number; maxBytes: number; onProgress: (p: DownloadProgress) => void },
): Promise<string> {
  let file: string | null = null;
  await runYtDlp(
    opts,
    [
      '--newline',
      // `--print` implies `--quiet`, which would silence the progress lines too.
      '--progress',
      '--progress-template',
      `download:${PROGRESS_PREFIX}%(progress.downloaded_bytes)s %(progress.total_bytes)s %(progress.total_bytes_estimate)s %(progress.speed)s`,
      '--print',
      `after_move:${FILE_PREFIX}%(filepath)s`,
      '--format',
      formatSelector(d.maxHeight),
      '--merge-output-format',
      'mp4',
      '--max-filesize',
      String(d.maxBytes),
      '--paths',
      d.dir,
      '--output',
      'trailer.%(ext)s',
      url,
    ],
    {
      onLine: (line) => {
        if (line.startsWith(FILE_PREFIX)) file = line.slice(FILE_PREFIX.length);
        else if (line.startsWith(PROGRESS_PREFIX)) {
          const [done, total, estimate, speed] = line.slice(PROGRESS_PREFIX.length).split(' ');
          const downloadedBytes = num(done);
          if (downloadedBytes !== null)
            d.onProgress({ downloadedBytes, totalBytes: num(total) ?? num(estimate), speed: num(speed) });
        }
      },
    },
  );
  if (!file) throw new YtDlpError('yt-dlp finished without a file (larger than the size limit?)');
  return file;
}
