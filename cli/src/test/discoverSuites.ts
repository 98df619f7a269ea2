/**
 * Finds the test suites under the given paths: every `name.tests.yaml` (or `.yml`) with the prompt it
 * runs (its `prompt:` path, else `name.prompt` beside it), parsed with core's test-case format, and
 * the line of each test and assertion so failures can point into the YAML.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { parseTestCases, type TestCasesDiagnostic } from '@promptstack/core/testcases/parseTestCases';
import { defaultPromptPath, type TestCasesFile } from '@promptstack/core/testcases/schema';
import { UsageError } from '../exitCodes.ts';

/** How a tests file starts, for someone who has none yet. */
export const TESTS_FILE_HINT = `a tests file lists cases like this:
  tests:
    - name: greets by name
      input: { name: Ada }
      assert:
        - { type: contains, value: Ada }`;

/** One tests file and its prompt. */
export interface Suite {
  /** Absolute paths. */
  testsFile: string;
  promptFile: string;
  /** The prompt's text; undefined when the file is missing (reported as a failure). */
  source?: string;
  file?: TestCasesFile;
  /** Problems in the tests file itself (schema, YAML, a missing prompt). */
  problems: TestCasesDiagnostic[];
  /** 1-based line of each test (`tests[i]`) and of each of its assertions (`tests[i].assert[j]`). */
  lines: { test: number[]; assert: number[][] };
}

const TESTS_GLOB = '**/*.tests.{yaml,yml}';

/** Tests files under `paths` (files given directly: a `.prompt` means the tests file beside it). */
async function findTestsFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths.length ? paths : ['.']) {
    const full = resolve(cwd, given);
    let directory: boolean;
    try {
      directory = statSync(full).isDirectory();
    } catch {
      throw new UsageError(`No such file or folder: ${given}`);
    }
    if (directory) {
      for (const file of await glob(TESTS_GLOB, { cwd: full, absolute: true, ignore: ['**/node_modules/**'] })) found.add(resolve(file));
    } else if (full.endsWith('.prompt')) {
      const beside = full.replace(/\.prompt$/, '.tests.yaml');
      if (!statSync(beside, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${given} has no ${basename(beside)} beside it; ${TESTS_FILE_HINT}`);
      found.add(beside);
    } else {
      found.add(full);
    }
  }
  return [...found].sort();
}

/** The 1-based lines of tests and assertions, read from the YAML's own nodes. */
function lineMap(text: string, file: TestCasesFile | undefined): Suite['lines'] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const lineOf = (path: (string | number)[]) => {
    const node = doc.getIn(path, true);
    return isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
  };
  const tests = file?.tests ?? [];
  return {
    test: tests.map((_, i) => lineOf(['tests', i])),
    assert: tests.map((t, i) => t.assert.map((_, j) => lineOf(['tests', i, 'assert', j]))),
  };
}

/** Reads every suite under `paths`; problems are data, never thrown. */
export async function discoverSuites(paths: readonly string[], cwd = process.cwd()): Promise<Suite[]> {
  const suites: Suite[] = [];
  for (const testsFile of await findTestsFiles(paths, cwd)) {
    const text = readFileSync(testsFile, 'utf8');
    const parsed = parseTestCases(text);
    const promptFile = resolve(dirname(testsFile), parsed.file?.prompt ?? basename(defaultPromptPath(testsFile)));
    const problems = [...parsed.diagnostics];
    let source: string | undefined;
    try {
      source = readFileSync(promptFile, 'utf8');
    } catch {
      problems.push({
        message: `The prompt ${basename(promptFile)} was not found`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        path: 'prompt',
      });
    }
    // Lines are wanted only to point at failures: the YAML is parsed for them on first use.
    let lines: Suite['lines'] | undefined;
    suites.push({
      testsFile,
      promptFile,
      source,
      file: parsed.file,
      problems,
      get lines() {
        return (lines ??= lineMap(text, parsed.file));
      },
    });
  }
  return suites;
}
