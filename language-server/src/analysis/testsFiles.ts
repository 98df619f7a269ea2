/**
 * `name.tests.yaml` documents: which URIs they are, and the prompt each one tests (its `prompt:`
 * key relative to the file, else `name.prompt` beside it), read from the editor when open there,
 * else from disk.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { defaultPromptPath } from '@promptstack/core/testcases/schema';
import { uriToFilePath } from './partials.ts';

/** Whether a URI names a tests file (`greeting.tests.yaml`). */
export function isTestsFileUri(uri: string): boolean {
  return /\.tests\.ya?ml$/.test(uri);
}

/** The prompt a tests file tests: its URI and text, or undefined when it cannot be read. */
export function promptOfTestsFile(
  testsUri: string,
  testsText: string,
  openText: (uri: string) => string | undefined,
): { uri: string; text: string } | undefined {
  const testsPath = uriToFilePath(testsUri);
  if (!testsPath) return undefined;
  let declared: unknown;
  try {
    declared = (parse(testsText) as { prompt?: unknown } | null)?.prompt;
  } catch {
    declared = undefined;
  }
  const promptPath = typeof declared === 'string' ? path.resolve(path.dirname(testsPath), declared) : defaultPromptPath(testsPath);
  const uri = pathToFileURL(promptPath).toString();
  const open = openText(uri);
  if (open !== undefined) return { uri, text: open };
  try {
    return { uri, text: readFileSync(promptPath, 'utf8') };
  } catch {
    return undefined;
  }
}
