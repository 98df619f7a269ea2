/**
 * docs/ci.md's GitHub Actions workflow, run for real: its `run:` steps (read out of the page, so the
 * documented commands and this test cannot drift apart) in a git repository holding a copy of
 * examples/, against core's local provider and a real backend, once as a pull request and once as
 * the push of the merge to main. The steps' `if:` and `${{ github.* }}` are evaluated as GitHub would.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { parse } from 'yaml';
import { collectPartialsBeside } from '@promptstack/core/render/partialFiles';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
}
interface Workflow {
  jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
}
type GithubContext = { event_name: string; ref: string; base_ref?: string; sha: string };

/** The workflow of docs/ci.md: its one yaml block. */
function documentedWorkflow(): Workflow {
  const page = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)\n```/.exec(page);
  assert.ok(block, 'docs/ci.md has no yaml block');
  return parse(block[1]!) as Workflow;
}

/** `${{ github.x }}` replaced by the context's value; any other expression is refused so the doc stays simple enough to test. */
function substitute(text: string, github: GithubContext): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const match = /^github\.(\w+)$/.exec(expression);
    const value = match ? github[match[1] as keyof GithubContext] : undefined;
    if (value === undefined) throw new Error(`the test cannot evaluate \${{ ${expression} }}`);
    return value;
  });
}

/** A step condition of the form `github.a == 'x' && github.b == 'y'` (or none). */
function applies(condition: string | undefined, github: GithubContext): boolean {
  if (!condition) return true;
  return condition.split('&&').every((part) => {
    const match = /^\s*github\.(\w+)\s*==\s*'([^']*)'\s*$/.exec(part);
    if (!match) throw new Error(`the test cannot evaluate the condition: ${condition}`);
    return github[match[1] as keyof GithubContext] === match[2];
  });
}

describe('docs/ci.md: the documented GitHub Actions workflow on examples/', () => {
  let provider: LocalProviderServer;
  let backend: TestBackend;
  let token: string;
  let repo: string;
  const promptIds = new Map<string, string>();
  const workflow = documentedWorkflow();
  const job = Object.values(workflow.jobs)[0]!;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString().trim();

  /** Runs the job's `run:` steps for one event as GitHub would (bash -eo pipefail, stop at the first failure). */
  async function runJob(github: GithubContext): Promise<Array<{ step: string; code: number | null; output: string }>> {
    const summary = join(mkdtempSync(join(tmpdir(), 'promptstack-summary-')), 'step-summary.md');
    // The job's env, each secret or variable given its local value: the local provider's keys, the backend and its token.
    const values: Record<string, string> = {
      OPENAI_API_KEY: 'local-key',
      ANTHROPIC_API_KEY: 'local-key',
      GEMINI_API_KEY: 'local-key',
      PROMPTSTACK_URL: backend.url,
      PROMPTSTACK_API_KEY: token,
    };
    assert.deepEqual(Object.keys(job.env).sort(), Object.keys(values).sort(), "the workflow's env and the values this test gives it differ");
    const env = {
      ...process.env,
      ...values,
      // Where the local provider listens; in CI the SDKs' default public URLs apply.
      OPENAI_BASE_URL: provider.baseUrls.openai,
      ANTHROPIC_BASE_URL: provider.baseUrls.anthropic,
      GEMINI_BASE_URL: provider.baseUrls.googleai,
      GITHUB_STEP_SUMMARY: summary,
      XDG_CONFIG_HOME: repo,
    };
    const results = [];
    for (const step of job.steps) {
      // `npm ci` is the checkout's install: done already (this repository's install built the CLI).
      if (!step.run || step.id === 'install' || !applies(step.if, github)) continue;
      const command = substitute(step.run, github);
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd: repo, env });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      results.push({ step: step.name ?? command, code, output: `${output}${existsSync(summary) ? `\n[summary]\n${readFileSync(summary, 'utf8')}` : ''}` });
      if (code !== 0) break;
    }
    return results;
  }

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    provider = await startLocalProviderServer({ apiKey: 'local-key' });
    backend = await startBackend();
    const signedUp = await signUpWithProject(backend.url, { name: 'CI', email: 'ci@example.com' }, 'Examples');
    token = signedUp.token;
    const { projectId } = signedUp;

    // A repository like the reader's: examples/ with each prompt linked to its backend prompt, on main.
    repo = mkdtempSync(join(tmpdir(), 'promptstack-ci-'));
    cpSync(join(ROOT, 'examples'), join(repo, 'examples'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    writeFileSync(join(repo, 'package.json'), '{ "private": true }\n');
    writeFileSync(join(repo, '.gitignore'), 'node_modules\n.promptstack/\nreports/\n');
    for (const file of await glob('examples/**/[!_]*.prompt', { cwd: repo })) {
      const path = join(repo, file);
      const name = file
        .split('/')
        .pop()!
        .replace(/\.prompt$/, '');
      // Linked as the editor links: with the partials it includes, so version 1 renders as the file does.
      const { partials } = collectPartialsBeside(path, readFileSync(path, 'utf8'));
      const id = (await api(backend.url, 'POST', '/prompts', token, { name, content: readFileSync(path, 'utf8'), projectId, partials })).id as string;
      writeFileSync(path, withLinkedId(readFileSync(path, 'utf8'), id));
      promptIds.set(name, id);
    }
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    git('add', '.');
    git('commit', '-qm', 'examples, linked');
    git('update-ref', 'refs/remotes/origin/main', 'main');
  });
  after(async () => {
    backend?.stop();
    await provider?.close();
  });

  it('on a pull request: lint, then the tests against origin/main with the summary, annotations and JUnit', async function () {
    this.timeout(300_000);
    git('checkout', '-qb', 'shorter-summaries');
    const file = join(repo, 'examples/summarize/summarize.prompt');
    writeFileSync(file, readFileSync(file, 'utf8').replace('in one sentence', 'in one short sentence'));
    git('commit', '-qam', 'shorter summaries');
    provider.requests.length = 0;

    const steps = await runJob({ event_name: 'pull_request', ref: 'refs/pull/1/merge', base_ref: 'main', sha: git('rev-parse', 'HEAD') });
    assert.deepEqual(
      steps.map((s) => [s.step, s.code]),
      [
        ['Lint', 0],
        ['Test against the base branch', 0],
      ],
      steps.map((s) => s.output).join('\n---\n'),
    );
    // Every .prompt under examples/ (partials included) lints clean.
    assert.match(steps[0]!.output, /\d+ files checked: 0 errors, 0 warnings/);
    const test = steps[1]!.output;
    assert.match(test, /5 passed, 0 failed, 0 flaky/);
    // The Markdown summary, with the comparison against the base branch for every prompt.
    assert.match(test, /\[summary\]\n## PromptStack tests\n\n\*\*5 passed, 0 failed, 0 flaky\*\*/);
    assert.match(test, /### Against `origin\/main`/);
    for (const prompt of ['extract/contact.prompt', 'summarize/summarize.prompt', 'support/reply.prompt']) {
      assert.match(test, new RegExp(`\\| examples/${prompt.replace('.', '\\.')} \\| successRate \\| not enough evidence \\|`));
    }
    const junit = readFileSync(join(repo, 'reports/junit.xml'), 'utf8');
    assert.match(junit, /<testsuite name="examples\/support\/reply\.tests\.yaml" tests="2" failures="0"/);
    // 5 cases x 3 repeats on each side, through all three providers' protocols. The changed prompt's 2 cases
    // called 6 times each; the unchanged prompts' 3 cases send the same requests on both sides, so each of
    // their 3 samples is one call shared by the two sides (the cache's in-flight sharing).
    assert.equal(provider.requests.length, 2 * 6 + 3 * 3);
    assert.deepEqual([...new Set(provider.requests.map((r) => r.api))].sort(), ['anthropic', 'googleai', 'openai']);
    assert.equal(provider.requests.filter((r) => JSON.stringify(r.body).includes('in one short sentence')).length, 6);
  });

  it('on the push of the merge to main: lint, test, then push the changed prompt and move production', async function () {
    this.timeout(300_000);
    git('checkout', '-q', 'main');
    git('merge', '-q', '--ff-only', 'shorter-summaries');
    const sha = git('rev-parse', 'HEAD');
    provider.requests.length = 0;

    const steps = await runJob({ event_name: 'push', ref: 'refs/heads/main', sha });
    assert.deepEqual(
      steps.map((s) => [s.step, s.code]),
      [
        ['Lint', 0],
        ['Test', 0],
        ['Push to the backend and move production', 0],
      ],
      steps.map((s) => s.output).join('\n---\n'),
    );
    assert.match(steps[2]!.output, /pushed +examples\/summarize\/summarize\.prompt as v2/);
    const summarize = await api(backend.url, 'GET', `/prompts/${promptIds.get('summarize')}`, token);
    assert.equal(summarize.latestVersion.number, 2);
    assert.match(summarize.latestVersion.source, /in one short sentence/);
    assert.equal(summarize.latestVersion.message, `CI ${sha}`);
    // production names each prompt's version: the pushed one, and version 1 of the unchanged ones.
    for (const [name, version] of [
      ['summarize', 2],
      ['reply', 1],
      ['contact', 1],
    ] as const) {
      const labels = (await api(backend.url, 'GET', `/prompts/${promptIds.get(name)}`, token)).labels;
      assert.deepEqual(
        labels.map((l: { name: string; versionNumber: number }) => [l.name, l.versionNumber]),
        [['production', version]],
        name,
      );
    }
    // The run without a baseline: 5 cases once, every answer the pull request's run cached (the merged
    // prompts are the branch's), so no provider call at all.
    assert.match(steps[1]!.output, /5 passed, 0 failed, 0 flaky .*cache 5 hits/);
    assert.equal(provider.requests.length, 0);
  });
});
