/**
 * The one pino logger configuration: secrets and passwords redacted, one JSON object per line for
 * log collectors, or readable lines (pino-pretty, written synchronously) for a person at a terminal.
 */
import { pino, type Logger } from 'pino';

/** Paths pino replaces with "[redacted]" wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.apiKey',
];

/** Creates the app logger at `level`, writing `format` lines to stdout. */
export async function createLogger(level: string, format: 'json' | 'pretty' = 'json'): Promise<Logger> {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (format === 'json') return pino(options);
  // Loaded only for a terminal (25 ms of start-up a JSON server does not need); synchronous, so the
  // lines written just before process.exit are not lost.
  const { default: pretty } = await import('pino-pretty');
  return pino(options, pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
}
