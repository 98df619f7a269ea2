import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from '@promptstack/language-server/analysis/analyzeDocument';
import { promptDiagnostics, testsDiagnostics } from '@promptstack/language-server/features/schema/documentDiagnostics';
import { BIN } from './support/runCli.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/lint/', import.meta.url));

/** Runs the built `promptstack` bin in `cwd`, as CI would. */
function promptstack(args: string[], cwd = FIXTURES) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('promptstack lint', () => {
  it('passes a clean folder (partials resolved beside the prompt) with exit 0', () => {
    const { code, stdout } = promptstack(['lint', 'clean']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /2 files checked: 0 errors, 0 warnings/);
  });

  it('reports the language server diagnostics with their codes and exact places, and exits 1 on an error', () => {
    const { code, stdout } = promptstack(['lint', 'broken']);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /^broken\/reply\.prompt:7:6 +warning +'custmer' is not declared in input\.schema\. Did you mean 'customer'\? {2}\(undeclared-variable\)$/m,
    );
    assert.match(stdout, /^broken\/reply\.prompt:8:5 +error +.*\(missing-partial\)$/m);
    assert.match(stdout, /^broken\/unclosed\.prompt:4:\d+ +error +.*\(handlebars-syntax\)$/m);
    assert.match(stdout, /2 files checked: 2 errors, 1 warning/);
  });

  it('answers in JSON exactly what the language server computes for each file, prompts and tests files', async () => {
    const { code, stdout } = promptstack(['lint', 'broken', 'tests-files', '--reporter', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { files: Array<{ file: string; diagnostics: unknown[] }>; summary: { errors: number } };
    const severities: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information' };
    const names = ['broken/reply.prompt', 'broken/unclosed.prompt', 'tests-files/review.prompt', 'tests-files/review.tests.yaml'];
    const expected = await Promise.all(
      names.map(async (name) => {
        const file = join(FIXTURES, name);
        const uri = pathToFileURL(file).href;
        const text = readFileSync(file, 'utf8');
        const lsp = name.endsWith('.tests.yaml')
          ? await testsDiagnostics(
              TextDocument.create(uri, 'yaml', 1, text),
              analyzeDocument(uri.replace('.tests.yaml', '.prompt'), readFileSync(file.replace('.tests.yaml', '.prompt'), 'utf8')),
            )
          : await promptDiagnostics(analyzeDocument(uri, text), TextDocument.create(uri, 'dotprompt', 1, text));
        const diagnostics = lsp.map(({ range, severity, code, message }) => ({ range, severity: severities[severity!], code, message }));
        return { file: name, diagnostics };
      }),
    );
    assert.deepEqual(report.files, expected);
    // Each kind is there: core's analysis, the output-schema check and a tests file's problem.
    const codes = expected.flatMap((f) => f.diagnostics.map((d) => d.code));
    for (const code of ['undeclared-variable', 'output-schema-not-strict', 'tests-file-invalid']) assert.ok(codes.includes(code), code);
    assert.equal(report.summary.errors, expected.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error').length);
  });

  it('checks tests files beside their prompts: what stops one from running is an error at its place', () => {
    const sarifPath = join(mkdtempSync(join(tmpdir(), 'promptstack-lint-')), 'lint.sarif');
    const { code, stdout } = promptstack(['lint', 'tests-files', '-r', 'pretty', '-r', 'github', '-r', `sarif=${sarifPath}`]);
    assert.equal(code, 1);
    const run = JSON.parse(readFileSync(sarifPath, 'utf8')).runs[0];
    const invalid = run.results.find((r: { ruleId: string }) => r.ruleId === 'tests-file-invalid');
    assert.equal(run.tool.driver.rules[invalid.ruleIndex].id, 'tests-file-invalid');
    assert.match(
      stdout,
      /^tests-files\/review\.tests\.yaml:5:15 +error +tests\.0\.assert\.0\.type: unknown type 'contians': did you mean 'contains'\?.*\(tests-file-invalid\)$/m,
    );
    assert.match(stdout, /^tests-files\/review\.prompt:10:5 +information +OpenAI strict mode cannot take this output schema.*\(output-schema-not-strict\)$/m);
    assert.match(stdout, /^::error file=tests-files\/review\.tests\.yaml,line=5,col=15,.*title=promptstack tests-file-invalid::/m);
    assert.match(stdout, /2 files checked: 1 error, 0 warnings, 1 information/);
  });

  it('writes several reporters at once: GitHub annotations to stdout and SARIF 2.1.0 to a file', () => {
    const out = mkdtempSync(join(tmpdir(), 'promptstack-lint-'));
    const sarifPath = join(out, 'nested/lint.sarif');
    const { code, stdout } = promptstack(['lint', 'broken', '-r', 'github', '-r', `sarif=${sarifPath}`]);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /^::warning file=broken\/reply\.prompt,line=7,col=6,endLine=7,endColumn=13,title=promptstack undeclared-variable::'custmer' is not declared in input\.schema\. Did you mean 'customer'\?$/m,
    );
    assert.match(stdout, /^::error file=broken\/reply\.prompt,line=8,/m);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'promptstack');
    const undeclared = run.results.find((r: { ruleId: string }) => r.ruleId === 'undeclared-variable');
    assert.equal(undeclared.level, 'warning');
    assert.deepEqual(undeclared.locations[0].physicalLocation.region, { startLine: 7, startColumn: 6, endLine: 7, endColumn: 13 });
    assert.equal(undeclared.locations[0].physicalLocation.artifactLocation.uri, 'broken/reply.prompt');
    assert.equal(run.tool.driver.rules[undeclared.ruleIndex].id, 'undeclared-variable');
  });

  it('exits 2 with a message on usage errors: an unknown reporter, an unknown option, a missing path', () => {
    for (const args of [
      ['lint', '-r', 'xml'],
      ['lint', '--bogus'],
      ['lint', 'no/such/folder'],
    ]) {
      const { code, stderr } = promptstack(args);
      assert.equal(code, 2, args.join(' '));
      assert.ok(stderr.trim().length > 0, args.join(' '));
    }
  });

  it('has help for the program and for lint', () => {
    const top = promptstack(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /lint \[options\] \[paths\.\.\.\]/);
    const lint = promptstack(['lint', '--help']);
    assert.equal(lint.code, 0);
    assert.match(lint.stdout, /--reporter <name\[=file\]>/);
    assert.match(lint.stdout, /\(default: pretty\s+to stdout\)/);
    assert.match(lint.stdout, /Exit codes: 0/);
  });

  it('ends quietly when its reader closes the pipe early (`promptstack --help | head`)', async () => {
    const child = spawn(process.execPath, [BIN, 'test', '--help'], { cwd: FIXTURES });
    // Closed before the first byte is written, as `head` closes it after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
