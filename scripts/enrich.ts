// `npx enrich`: command-line tools over the same code the workers run.
//   enrich phash FILE...               one line per file: `<16 hex digits>  <path>`
//   enrich phash --distance A B        the Hamming distance of two files' (or two hashes') pHashes
//   enrich check [--repair] [--idle]   the stored state's and the runs' invariants; --repair fixes leftovers
//   enrich add|enrich|status|failed|retry|review|search|identify …   the HTTP API's (scripts/cli/)
import { existsSync } from 'node:fs';
import { hammingDistance } from '../domain/phash.js';
import { perceptualHash } from '../activities/image-hash.js';
import { runCheck } from './check.js';
import { API_USAGE, apiCommands } from './cli/commands.js';
import { CliError } from './cli/client.js';

const USAGE =
  'usage: enrich phash FILE...\n       enrich phash --distance A B   (A and B: image files or 16-hex-digit hashes)\n' +
  `       enrich check [--repair] [--idle]\n${API_USAGE}`;

/** A file's pHash, or the argument itself when it is a hash and no such file exists. */
async function hashOf(arg: string): Promise<string> {
  if (/^[0-9a-f]{16}$/.test(arg) && !existsSync(arg)) return arg;
  return perceptualHash(arg);
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'check') return runCheck(rest);
  const apiCommand = command !== undefined && Object.hasOwn(apiCommands, command) ? apiCommands[command] : undefined;
  if (apiCommand) {
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    try {
      return await apiCommand(rest);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      console.error(`enrich: ${err.message}`);
      if (err.exitCode === 2) console.error(USAGE);
      return err.exitCode;
    }
  }
  if (command !== 'phash' || rest.length === 0 || rest.includes('--help') || rest.includes('-h')) {
    console.error(USAGE);
    return 2;
  }
  if (rest[0] === '--distance') {
    if (rest.length !== 3) {
      console.error(USAGE);
      return 2;
    }
    try {
      const [a, b] = await Promise.all([hashOf(rest[1]!), hashOf(rest[2]!)]);
      console.log(hammingDistance(a, b));
      return 0;
    } catch (err) {
      console.error(`enrich: ${(err as Error).message}`);
      return 1;
    }
  }
  let failed = 0;
  for (const file of rest) {
    try {
      console.log(`${await perceptualHash(file)}  ${file}`);
    } catch (err) {
      // One unreadable file does not stop the others; the exit code says something failed.
      console.error(`enrich: ${file}: ${(err as Error).message}`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
