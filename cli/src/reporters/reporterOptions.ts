/**
 * `--reporter name[=path]`, repeatable: each reporter writes to stdout or to its own file, as
 * Vitest's and ESLint's do, so one run can print for people and write JUnit or SARIF for CI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option } from 'commander';
import { UsageError } from '../exitCodes.ts';

/** One requested reporter and where its output goes (undefined: stdout). */
export interface ReporterChoice<Name extends string> {
  name: Name;
  path?: string;
}

/** The repeatable `-r, --reporter` option of a command offering `names`; none given means pretty to stdout. */
export function reporterOption(names: readonly string[]): Option {
  return new Option('-r, --reporter <name[=file]>', `output format, repeatable: ${names.join(', ')}; =file writes to a file`)
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([], 'pretty to stdout');
}

/** Parses the `--reporter` values against the names a command offers; the default when none is given. */
export function parseReporters<Name extends string>(values: readonly string[], offered: readonly Name[], fallback: Name): ReporterChoice<Name>[] {
  if (values.length === 0) return [{ name: fallback }];
  return values.map((value) => {
    const [name, ...rest] = value.split('=');
    const path = rest.join('=');
    if (!offered.includes(name as Name)) throw new UsageError(`Unknown reporter '${name}': use one of ${offered.join(', ')}`);
    if (rest.length && !path) throw new UsageError(`--reporter ${name}= needs a file path after '='`);
    return path ? { name: name as Name, path } : { name: name as Name };
  });
}

/** Writes a reporter's text to its file (folders created) or to stdout. */
export function emit(choice: ReporterChoice<string>, text: string, cwd = process.cwd()): void {
  if (!text) return;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!choice.path) {
    process.stdout.write(body);
    return;
  }
  const file = resolve(cwd, choice.path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, body);
}
