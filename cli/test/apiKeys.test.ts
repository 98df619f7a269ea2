import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';
import { runCli } from './support/runCli.ts';

describe('promptstack status, pull and push with a workspace API key (CI)', () => {
  let backend: TestBackend;
  let token: string;
  let promptId: string;
  let readKey: string;
  let writeKey: string;
  let repo: string;
  const file = () => join(repo, 'summarize.prompt');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString();

  /** Runs the CLI with only an API key for credentials (no login stored). */
  function promptstack(args: string[], key: string) {
    return runCli(args, {
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'empty-config-')), PROMPTSTACK_API_KEY: key, PROMPTSTACK_URL: backend.url },
    });
  }

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    backend = await startBackend();
    const signedUp = await signUpWithProject(backend.url, { name: 'Ada', email: 'ada@example.com' }, 'Support');
    token = signedUp.token;
    const { workspaceId, projectId } = signedUp;
    promptId = (await api(backend.url, 'POST', '/prompts', token, { name: 'summarize', content: 'Summarize {{text}}', projectId, model: 'openai/gpt-4o-mini' }))
      .id;
    const keys = `/workspaces/${workspaceId}/api-keys`;
    readKey = (await api(backend.url, 'POST', keys, token, { name: 'ci read', projectId, scopes: ['prompts:read'] })).key;
    writeKey = (await api(backend.url, 'POST', keys, token, { name: 'ci push', projectId, scopes: ['prompts:read', 'prompts:write'] })).key;
    repo = mkdtempSync(join(tmpdir(), 'promptstack-keys-'));
    git('init', '-q');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
  });
  after(() => backend?.stop());

  const latest = async () => (await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersion as { number: number; source: string };

  it('shows status and pulls with a prompts:read key', async () => {
    writeFileSync(file(), withLinkedId((await latest()).source, promptId));
    git('add', '.');
    git('commit', '-qm', 'link');
    const status = await promptstack(['status', '--json'], readKey);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(
      JSON.parse(status.stdout).map((s: { state: string; base: number }) => [s.state, s.base]),
      [['in sync', 1]],
    );
    await api(backend.url, 'POST', `/prompts/${promptId}/versions`, token, {
      source: (await latest()).source.replace('Summarize', 'Briefly summarize'),
      baseVersion: 1,
    });
    const pulled = await promptstack(['pull'], readKey);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(readFileSync(file(), 'utf8'), /Briefly summarize \{\{text\}\}/);
    // The pulled version is the file's base from now on (what a CI checkout would hold).
    git('commit', '-qam', 'pulled v2');
  });

  it('refuses to push with a prompts:read key (exit 2, naming the missing scope) and writes nothing', async () => {
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('{{text}}', '{{text}} in one sentence.'));
    const pushed = await promptstack(['push'], readKey);
    assert.equal(pushed.code, 2, pushed.stdout + pushed.stderr);
    assert.match(pushed.stdout + pushed.stderr, /lacks the 'prompts:write' scope/);
    assert.equal((await latest()).number, 2);
  });

  it('pushes a version and moves a label with a prompts:write key, recorded as made by the CLI', async () => {
    const pushed = await promptstack(['push', '-m', 'from CI', '--label', 'staging'], writeKey);
    assert.equal(pushed.code, 0, pushed.stdout + pushed.stderr);
    assert.match(pushed.stdout, /pushed +summarize\.prompt as v3\nlabel +staging -> v3/);
    const prompt = await api(backend.url, 'GET', `/prompts/${promptId}`, token);
    assert.equal(prompt.latestVersion.number, 3);
    assert.match(prompt.latestVersion.source, /in one sentence\./);
    assert.equal(prompt.latestVersion.authorId, null, 'a key records no user as author');
    assert.deepEqual(
      prompt.labels.map((l: { name: string; versionNumber: number }) => [l.name, l.versionNumber]),
      [['staging', 3]],
    );
    const history = await api(backend.url, 'GET', `/prompts/${promptId}/labels/history?label=staging`, token);
    assert.equal(history.items[0].via, 'cli');
    assert.deepEqual(history.items[0].to, { versionNumber: 3 });
  });

  it('cannot move a protected label with a key: the CLI says to ask for it', async () => {
    const pushed = await promptstack(['push', '--label', 'production'], writeKey);
    assert.notEqual(pushed.code, 0, pushed.stdout + pushed.stderr);
    assert.match(pushed.stdout + pushed.stderr, /Label 'production' is protected[^]*label-requests/);
    const prompt = await api(backend.url, 'GET', `/prompts/${promptId}`, token);
    assert.equal(
      prompt.labels.find((l: { name: string }) => l.name === 'production'),
      undefined,
    );
  });

  it('refuses a revoked key with exit 2 and a hint', async () => {
    const workspaceId = (await api(backend.url, 'GET', '/workspaces', token))[0].id;
    const listed = await api(backend.url, 'GET', `/workspaces/${workspaceId}/api-keys`, token);
    const read = listed.find((key: { name: string }) => key.name === 'ci read');
    await api(backend.url, 'DELETE', `/workspaces/${workspaceId}/api-keys/${read.id}`, token);
    const status = await promptstack(['status'], readKey);
    assert.equal(status.code, 2);
    assert.match(status.stdout + status.stderr, /Unknown or revoked API key/);
  });
});
