/**
 * The server's configuration: every environment variable it reads, parsed once with zod.
 * Nothing else in server/src reads `process.env`; callers get an `Env` from `loadEnv`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RUNNABLE_PROVIDERS, type RunnableProviderId } from '@promptstack/core/providers/runnableProviders';
import type { ProviderCredentials } from '@promptstack/core/providers/types';
import { z } from 'zod';
import { describeIssues } from './http/inputIssues.ts';

/** Empty strings count as unset, as in most .env tooling. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
/** A non-negative integer limit; 0 turns the limiter off. */
const limit = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` (readable lines) or `json` (one object per line); unset: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['json', 'pretty']).optional()),
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PROMPTSTACK_DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./.promptstack')),
  NEXTAUTH_URL: optionalUrl,
  NEXTAUTH_SECRET: optionalString,
  /** Key material for provider credentials at rest (HKDF input); defaults to NEXTAUTH_SECRET. */
  CREDENTIALS_SECRET: optionalString,
  /** Sign-in attempts one client may fail on one account before growing lockouts of that pair (see http/signInThrottle.ts). */
  RATE_LIMIT_LOGIN: limit(10),
  /** Write calls (non-GET requests; each call of a tRPC batch) per client IP per minute; 0 disables (benchmarks). */
  RATE_LIMIT_WRITES_PER_MINUTE: limit(600),
  /** Calls (each call of a tRPC batch) per API key per minute, reads and writes alike; 0 disables (benchmarks). */
  RATE_LIMIT_API_KEY_PER_MINUTE: limit(6000),
  /** Lets webhook URLs reach private, loopback and link-local addresses (a self-hosted receiver on the same network, tests). */
  WEBHOOK_ALLOW_PRIVATE_URLS: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false', '1', '0']).default('false')),
  /** Attempts per webhook delivery before it is given up (the first included). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  /** Delay before the first retry of a webhook delivery; each later retry waits three times longer (capped at 12 h). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** Hours a rotated-out webhook secret still signs deliveries beside the new one (0: it stops at once). */
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).max(720).default(24),
  /** Set by npm to the folder `npm start` was typed in (npm runs the script in server/). */
  INIT_CWD: optionalString,
});

/**
 * Each runnable provider's server-wide key and base URL variables (OPENAI_API_KEY, OPENAI_BASE_URL,
 * GEMINI_API_KEY...), named by core's provider list so a new provider needs no line here.
 */
const providerEnvSchema = z.object(
  Object.fromEntries(
    RUNNABLE_PROVIDERS.flatMap((provider) => [...provider.envKeyVars.map((name) => [name, optionalString]), [provider.envBaseUrlVar, optionalUrl]]),
  ) as Record<string, typeof optionalString | typeof optionalUrl>,
);

/** The server-wide credentials per provider (first key variable set wins), for runs of workspaces without their own. */
function providerCredentials(values: Record<string, string | undefined>): Record<RunnableProviderId, ProviderCredentials> {
  return Object.fromEntries(
    RUNNABLE_PROVIDERS.map((provider) => {
      const keyVar = provider.envKeyVars.find((name) => values[name] !== undefined);
      return [provider.id, { apiKey: keyVar && values[keyVar], baseURL: values[provider.envBaseUrlVar] }];
    }),
  ) as Record<RunnableProviderId, ProviderCredentials>;
}

/** The validated configuration plus values derived from it. */
export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** How log lines are written; undefined: main.ts picks pretty on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | undefined;
  /** Postgres URL, or undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Absolute path of the data folder (PGlite files, generated secret). */
  dataDir: string;
  /** Public URL of the app; decides the `__Secure-` cookie prefix. */
  nextAuthUrl: string;
  nextAuthSecret: string;
  /** Where the secret came from, for the start-up log. */
  secretSource: 'env' | 'generated' | 'data-dir';
  secureCookies: boolean;
  /**
   * Encrypts stored provider keys: CREDENTIALS_SECRET, else the NEXTAUTH_SECRET. A dedicated value
   * lets the session secret be rotated (signing everyone out) without losing stored keys.
   */
  credentialsSecret: string;
  /** Server-wide key and base URL per provider, from `<PROVIDER>_API_KEY` / `<PROVIDER>_BASE_URL`. */
  providers: Readonly<Record<RunnableProviderId, ProviderCredentials>>;
  rateLimits: { login: number; writesPerMinute: number; apiKeyPerMinute: number };
  /** Webhook delivery: whether private addresses may be targeted, attempts per delivery, first retry delay, rotation overlap. */
  webhooks: { allowPrivateUrls: boolean; maxAttempts: number; retryBaseSeconds: number; secretOverlapHours: number };
}

/** A configuration problem, with a message that names the variable. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/** Name of the generated secret's file inside the data folder. */
export const SECRET_FILE = 'nextauth-secret';

/**
 * Parses `source` (normally `process.env`). With no NEXTAUTH_SECRET outside production, reads or
 * creates one in the data folder (mode 0600) so sessions survive restarts. Throws EnvError.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  const providerVars = providerEnvSchema.safeParse(source);
  if (!parsed.success || !providerVars.success) {
    const issues = describeIssues([...(parsed.error?.issues ?? []), ...(providerVars.error?.issues ?? [])], source);
    const lines = issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Relative to where the user typed `npm start`, not to server/ where npm runs the script.
  const dataDir = resolve(e.INIT_CWD ?? process.cwd(), e.PROMPTSTACK_DATA_DIR);
  const nextAuthUrl = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  let secret = e.NEXTAUTH_SECRET;
  let secretSource: Env['secretSource'] = 'env';
  if (!secret) {
    if (e.NODE_ENV === 'production') {
      throw new EnvError('NEXTAUTH_SECRET: required when NODE_ENV=production (e.g. `openssl rand -base64 32`)');
    }
    ({ secret, secretSource } = readOrCreateSecret(dataDir));
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    nextAuthUrl,
    nextAuthSecret: secret,
    secretSource,
    secureCookies: nextAuthUrl.startsWith('https://'),
    credentialsSecret: e.CREDENTIALS_SECRET ?? secret,
    providers: providerCredentials(providerVars.data as Record<string, string | undefined>),
    rateLimits: { login: e.RATE_LIMIT_LOGIN, writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE, apiKeyPerMinute: e.RATE_LIMIT_API_KEY_PER_MINUTE },
    webhooks: {
      allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS === 'true' || e.WEBHOOK_ALLOW_PRIVATE_URLS === '1',
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: e.WEBHOOK_RETRY_BASE_SECONDS,
      secretOverlapHours: e.WEBHOOK_SECRET_OVERLAP_HOURS,
    },
  };
}

/** The data folder's secret, created on first use with owner-only permissions. */
function readOrCreateSecret(dataDir: string): { secret: string; secretSource: 'generated' | 'data-dir' } {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret) return { secret, secretSource: 'data-dir' };
  }
  try {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { secret, secretSource: 'generated' };
  } catch (error) {
    throw new EnvError(`NEXTAUTH_SECRET: unset, and no secret could be stored in ${file}: ${(error as Error).message}`);
  }
}
