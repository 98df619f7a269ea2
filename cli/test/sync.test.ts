import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';
import { runCli } from './support/runCli.ts';

describe('promptstack login, status, pull and push against the real backend', () => {
  let backend: TestBackend;
  let token: string;
  let promptId: string;
  let repo: string;
  let config: string;
  const file = () => join(repo, 'summarize.prompt');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString();

  function promptstack(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
    return runCli(args, {
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: config, PROMPTSTACK_API_KEY: '', PROMPTSTACK_URL: '', ...options.env },
      stdin: options.stdin,
    });
  }

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    backend = await startBackend();
    const signedUp = await signUpWithProject(backend.url, { name: 'Ada', email: 'ada@example.com' }, 'Support');
    token = signedUp.token;
    const { projectId } = signedUp;
    promptId = (await api(backend.url, 'POST', '/prompts', token, { name: 'summarize', content: 'Summarize {{text}}', projectId, model: 'openai/gpt-4o-mini' }))
      .id;
    repo = mkdtempSync(join(tmpdir(), 'promptstack-sync-'));
    config = mkdtempSync(join(tmpdir(), 'promptstack-config-'));
    git('init', '-q');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
  });
  after(() => backend?.stop());

  const latestSource = async () => (await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersion.source as string;
  const addVersion = async (source: string, baseVersion: number) => api(backend.url, 'POST', `/prompts/${promptId}/versions`, token, { source, baseVersion });

  it('says there is nothing linked without needing credentials, and refuses with exit 2 once a linked file needs them', async () => {
    writeFileSync(join(repo, 'draft.prompt'), 'Summarize {{text}}');
    for (const command of ['status', 'pull', 'push']) {
      const { code, stdout, stderr } = await promptstack([command, '--backend', backend.url]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^No linked \.prompt files here \(link one with `promptstack link`/, command);
    }
    const linked = join(repo, 'linked.prompt');
    writeFileSync(linked, withLinkedId('Summarize {{text}}', promptId));
    try {
      for (const command of ['status', 'pull', 'push']) {
        const { code, stderr } = await promptstack([command, '--backend', backend.url]);
        assert.equal(code, 2, command);
        assert.match(stderr, /run `promptstack login --backend http:\/\/127\.0\.0\.1:\d+` or set PROMPTSTACK_API_KEY/);
      }
    } finally {
      rmSync(linked);
      rmSync(join(repo, 'draft.prompt'));
    }
  });

  it('signs in and stores the session readable by the user alone', async () => {
    const { code, stdout, stderr } = await promptstack(['login', '--backend', backend.url, '--email', 'ada@example.com', '--password-stdin'], {
      stdin: 'correct horse battery\n',
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Signed in to http:\/\/127\.0\.0\.1:\d+ as ada@example\.com/);
    const stored = join(config, 'promptstack/config.json');
    assert.equal(statSync(stored).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(stored, 'utf8')).backendUrl, backend.url);
    const wrong = await promptstack(['login', '--backend', backend.url, '--email', 'ada@example.com', '--password-stdin'], { stdin: 'nope nope nope\n' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /Invalid email or password/);
  });

  it('shows a file that is the latest version as in sync, then an edited one as ahead, and pushes it with a label', async () => {
    writeFileSync(file(), withLinkedId(await latestSource(), promptId));
    git('add', '.');
    git('commit', '-qm', 'link');
    let status = await promptstack(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(
      JSON.parse(status.stdout).map((s: { state: string; base: number }) => [s.state, s.base]),
      [['in sync', 1]],
    );

    writeFileSync(file(), readFileSync(file(), 'utf8').replace('Summarize {{text}}', 'Summarize {{text}} in one sentence.'));
    status = await promptstack(['status']);
    assert.match(status.stdout, /^ahead +summarize\.prompt {2}\(summarize: latest v1, base v1\)$/m);

    const dry = await promptstack(['push', '--dry-run', '--label', 'production']);
    assert.equal(dry.code, 0);
    assert.match(dry.stdout, /would push summarize\.prompt as v2/);
    assert.equal((await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersion.number, 1, '--dry-run wrote a version');

    const pushed = await promptstack(['push', '-m', 'one sentence', '--label', 'production']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /pushed +summarize\.prompt as v2\nlabel +production -> v2/);
    const prompt = await api(backend.url, 'GET', `/prompts/${promptId}`, token);
    assert.equal(prompt.latestVersion.number, 2);
    assert.match(prompt.latestVersion.source, /in one sentence/);
    assert.deepEqual(
      prompt.labels.map((l: { name: string; versionNumber: number }) => [l.name, l.versionNumber]),
      [['production', 2]],
    );
    git('commit', '-qam', 'one sentence');
  });

  it('pulls a newer version into a file that is behind (with PROMPTSTACK_API_KEY instead of a login)', async () => {
    await addVersion((await latestSource()).replace('in one sentence.', 'in one short sentence.'), 2);
    const env = { PROMPTSTACK_API_KEY: token, PROMPTSTACK_URL: backend.url, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'empty-config-')) };
    const status = await promptstack(['status'], { env });
    assert.match(status.stdout, /^behind +summarize\.prompt {2}\(summarize: latest v3, base v2\)$/m);
    const dry = await promptstack(['pull', '--dry-run'], { env });
    assert.match(dry.stdout, /would pull +summarize\.prompt {2}v2 -> v3/);
    assert.doesNotMatch(readFileSync(file(), 'utf8'), /short sentence/);
    const pulled = await promptstack(['pull'], { env });
    assert.equal(pulled.code, 0, pulled.stderr);
    const text = readFileSync(file(), 'utf8');
    assert.match(text, /in one short sentence\./);
    assert.match(text, new RegExp(`promptstack\\.id: ${promptId}`));
    assert.match((await promptstack(['status'], { env })).stdout, /^in sync/m);
    git('commit', '-qam', 'pulled v3');
  });

  it('refuses to push or pull a diverged file: exit 3 with the diff, nothing overwritten on either side', async () => {
    await addVersion((await latestSource()).replace('Summarize', 'Briefly summarize'), 3);
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('{{text}}', '{{text}} for a busy reader'));
    const before = readFileSync(file(), 'utf8');
    const status = await promptstack(['status']);
    assert.match(status.stdout, /^diverged +summarize\.prompt {2}\(summarize: latest v4, base v3\)$/m);
    const push = await promptstack(['push']);
    assert.equal(push.code, 3);
    assert.match(push.stdout, /conflict +summarize\.prompt: the backend has v4, this file is based on v3/);
    assert.match(push.stdout, /^-Briefly summarize \{\{text\}\} in one short sentence\.$/m);
    assert.match(push.stdout, /^\+Summarize \{\{text\}\} for a busy reader in one short sentence\.$/m);
    const pull = await promptstack(['pull']);
    assert.equal(pull.code, 3);
    assert.equal(readFileSync(file(), 'utf8'), before);
    assert.equal((await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersion.number, 4);
  });
});
