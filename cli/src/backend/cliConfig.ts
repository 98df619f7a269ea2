/**
 * Where the CLI finds its backend and credentials: `--backend` and `PROMPTSTACK_URL` for the URL,
 * `PROMPTSTACK_API_KEY` for a token in CI, else the config file `promptstack login` writes
 * (`$XDG_CONFIG_HOME/promptstack/config.json`, else `~/.config/...`, readable by the user alone).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../exitCodes.ts';

/** The backend `npm start` serves. */
export const DEFAULT_BACKEND_URL = 'http://localhost:3000';

/** What `promptstack login` stores. */
export interface StoredLogin {
  backendUrl: string;
  token: string;
  email: string;
  expires: string;
}

/** The config file's path for `env`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'promptstack', 'config.json');
}

/** The stored login, if any (an unreadable file counts as none). */
export function readLogin(env: NodeJS.ProcessEnv = process.env): StoredLogin | undefined {
  try {
    return JSON.parse(readFileSync(configPath(env), 'utf8')) as StoredLogin;
  } catch {
    return undefined;
  }
}

/** Writes the login with owner-only permissions (the token is a credential). */
export function writeLogin(login: StoredLogin, env: NodeJS.ProcessEnv = process.env): string {
  const file = configPath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** The backend to talk to and the token to send. */
export interface BackendTarget {
  url: string;
  token: string;
}

/** Resolves the backend: flag, then environment, then the stored login; says what to do when there is no token. */
export function backendTarget(flagUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): BackendTarget {
  const login = readLogin(env);
  const url = (flagUrl || env.PROMPTSTACK_URL || login?.backendUrl || DEFAULT_BACKEND_URL).replace(/\/+$/, '');
  const token = env.PROMPTSTACK_API_KEY || (login && login.backendUrl.replace(/\/+$/, '') === url ? login.token : undefined);
  if (!token) throw new UsageError(`No credentials for ${url}: run \`promptstack login --backend ${url}\` or set PROMPTSTACK_API_KEY`);
  return { url, token };
}
