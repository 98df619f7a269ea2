import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseTestCases } from '../../src/testcases/parseTestCases.ts';
import { assertionSchema } from '../../src/testcases/schema.ts';
import { compileUserRegex } from '../../src/testcases/userRegex.ts';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/evaluateRegexAssertion.ts', import.meta.url));

/** Evaluates a regex assertion in a child process that is killed after `timeoutMs`. */
async function evaluateInChild(pattern: string, times: number, suffix: string, timeoutMs: number): Promise<{ pass: boolean; reason: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture, pattern, 'a', String(times), suffix], { timeout: timeoutMs });
  return JSON.parse(stdout) as { pass: boolean; reason: string };
}

describe('user regular expressions', () => {
  it('evaluates the catastrophic (a+)+$ on 50,000 characters to the right answer instead of hanging', async function () {
    // A backtracking engine needs about 2^50000 steps here; the child is killed after 10 s if it hangs.
    this.timeout(30_000);
    const noMatch = await evaluateInChild('(a+)+$', 50_000, '!', 10_000);
    assert.equal(noMatch.pass, false);
    assert.match(noMatch.reason, /does not match/);
    const match = await evaluateInChild('^(a+)+$', 50_000, '', 10_000);
    assert.equal(match.pass, true);
  });

  const refused: [string, string, RegExp][] = [
    ['a backreference', '(\\w)\\1', /\\1/],
    ['a named backreference', '(?<c>\\w)\\k<c>', /\\k/],
    ['a lookahead', 'foo(?=bar)', /\(\?=/],
    ['a negative lookahead', 'foo(?!bar)', /\(\?!/],
    ['a lookbehind', '(?<=foo)bar', /\(\?<=/],
    ['a syntax error', '[a-', /missing closing \]/],
  ];
  for (const [what, pattern, detail] of refused) {
    it(`refuses ${what} with a reason naming the pattern and RE2 syntax`, () => {
      const compiled = compileUserRegex(pattern);
      assert.equal(compiled.ok, false);
      if (compiled.ok) return;
      assert.ok(compiled.message.includes(`/${pattern}/`), compiled.message);
      assert.match(compiled.message, detail);
      assert.match(compiled.message, /RE2 syntax: no backreferences or lookaround/);
    });
  }

  const accepted: [string, string, string, string, boolean][] = [
    ['honours i', 'HELLO', 'i', 'say hello', true],
    ['honours m for ^ at a line start', '^two', 'm', 'one\ntwo', true],
    ['keeps ^ at the text start without m', '^two', '', 'one\ntwo', false],
    ['honours s for . across newlines', 'a.b', 's', 'a\nb', true],
    ['keeps . off newlines without s', 'a.b', '', 'a\nb', false],
    ['anchors at the start with y', 'b', 'y', 'ab', false],
    ['matches at the start with y', 'a', 'y', 'ab', true],
    ['ignores g for a yes/no test', 'b', 'g', 'ab', true],
    ['takes JavaScript named groups and classes', '(?<year>\\d{4})-\\w+', 'u', 'in 2024-june', true],
    ['takes Unicode classes', '^\\p{L}+$', 'u', 'Ελλάδα', true],
  ];
  for (const [what, pattern, flags, text, expected] of accepted) {
    it(`${what}: /${pattern}/${flags} on ${JSON.stringify(text)} is ${expected}`, () => {
      const compiled = compileUserRegex(pattern, flags);
      assert.ok(compiled.ok);
      assert.equal(compiled.regex.test(text), expected);
    });
  }

  it('makes the assertion schema refuse a pattern RE2 cannot take, at the value', () => {
    const parsed = assertionSchema.safeParse({ type: 'regex', value: '(a)\\1' });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, ['value']);
    assert.match(parsed.error?.issues[0]?.message ?? '', /Invalid regex \/\(a\)\\1\//);
  });

  it('reports a lookahead in a tests file at the pattern', () => {
    const text = 'tests:\n  - name: a\n    assert:\n      - type: regex\n        value: "foo(?=bar)"\n';
    const { file, diagnostics } = parseTestCases(text);
    assert.equal(file, undefined);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.path, 'tests.0.assert.0.value');
    assert.match(diagnostics[0]!.message, /^tests\.0\.assert\.0\.value: Invalid regex \/foo\(\?=bar\)\/.*RE2 syntax/);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 4, character: 15 }, end: { line: 4, character: 27 } });
  });
});
