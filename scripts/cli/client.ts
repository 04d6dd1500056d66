// The `enrich` CLI's side of the HTTP API: where it is, the key, and errors as exit codes.
import { readFile } from 'node:fs/promises';
import { apiKeyFile } from '../../api/api-key.js';
import { loadConfig } from '../../lib/config.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as `enrich: <message>` and ends with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export interface Connection {
  api: string;
  apiKey: string;
}

/**
 * `--api`, else ENRICH_API, else this machine's API on its configured port; the key from
 * `--api-key`, else API_KEY, else the one the API keeps in its data folder.
 */
export async function resolveConnection(opts: { api?: string; apiKey?: string }): Promise<Connection> {
  const env = process.env;
  let config;
  const local = () => {
    try {
      return (config ??= loadConfig(env));
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.usage);
    }
  };
  const api = (opts.api ?? env.ENRICH_API ?? `http://127.0.0.1:${local().port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(api)) throw new CliError(`--api: not an http(s) URL: ${api}`, EXIT.usage);
  let apiKey = opts.apiKey ?? (env.API_KEY || undefined);
  if (apiKey === undefined) {
    const file = apiKeyFile(local().dataDir);
    apiKey = await readFile(file, 'utf8').then(
      (k) => k.trim(),
      () => {
        throw new CliError(`no API key: give --api-key or API_KEY (none in ${file})`, EXIT.unreachable);
      },
    );
  }
  return { api, apiKey };
}

/** The message of an API error body (`{error: {code, message}}`), or of an older `{error: "…"}`. */
export function errorMessage(body: unknown, status: number): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `the API answered ${status}`;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export class ApiClient {
  constructor(readonly connection: Connection) {}

  /** Sends the request; a refused key or an unreachable API throws (exit code 3), other statuses return. */
  async send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
    let res: Response;
    try {
      res = await fetch(`${this.connection.api}${path}`, {
        method,
        headers: {
          'x-api-key': this.connection.apiKey,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach the API at ${this.connection.api}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        EXIT.unreachable,
      );
    }
    if (res.status === 401) {
      const body: unknown = await res.json().catch(() => null);
      throw new CliError(errorMessage(body, 401), EXIT.unreachable);
    }
    return res;
  }

  /** JSON in, JSON out. */
  async call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const res = await this.send(method, path, { body });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { error: `the API answered ${res.status} with something other than JSON` };
    }
    return { status: res.status, body: parsed };
  }

  /** `call`, with anything but a 2xx thrown as the API's message (exit code 1). */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call(method, path, body);
    if (answer.status >= 300) throw new CliError(errorMessage(answer.body, answer.status), EXIT.failed);
    return answer.body as T;
  }
}
