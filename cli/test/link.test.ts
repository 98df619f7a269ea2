import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLinkedId, withLinkedId } from '@promptstack/core/format/syncFields';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';
import { runCli } from './support/runCli.ts';

describe('promptstack link against the real backend', () => {
  let backend: TestBackend;
  let token: string;
  let projectId: string;
  let dir: string;
  const path = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(path(name), 'utf8');
  const prompt = async (id: string) => api(backend.url, 'GET', `/prompts/${id}`, token);

  function promptstack(args: string[], env: Record<string, string> = {}) {
    const config = mkdtempSync(join(tmpdir(), 'promptstack-config-'));
    return runCli(args, { cwd: dir, env: { ...process.env, XDG_CONFIG_HOME: config, PROMPTSTACK_API_KEY: token, PROMPTSTACK_URL: backend.url, ...env } });
  }

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    backend = await startBackend();
    const signedUp = await signUpWithProject(backend.url, { name: 'Lin', email: 'lin@example.com' }, 'Support');
    ({ token, projectId } = signedUp);
    const { workspaceId } = signedUp;
    await api(backend.url, 'POST', '/projects', token, { workspaceId, name: 'Billing' });
    dir = mkdtempSync(join(tmpdir(), 'promptstack-link-'));
  });
  after(() => backend?.stop());

  it('creates a prompt from the file in a project named by its name, with the partial it includes, and writes promptstack.id', async () => {
    writeFileSync(path('triage.prompt'), '---\nmodel: openai/gpt-4o-mini\n---\n{{> tone}}\nSort this ticket: {{ticket}}\n');
    writeFileSync(path('_tone.prompt'), 'Be brief and kind.\n');
    const { code, stdout, stderr } = await promptstack(['link', 'triage.prompt', '--project', 'Support']);
    assert.equal(code, 0, stderr);
    const id = readLinkedId(read('triage.prompt'));
    assert.ok(id, 'no promptstack.id written');
    assert.equal(stdout, `linked    triage.prompt to the new prompt "triage" (${id}) as v1\n`);
    const created = await prompt(id);
    assert.equal(created.projectId, projectId);
    assert.equal(created.latestVersion.number, 1);
    assert.equal(created.latestVersion.source, '---\nmodel: openai/gpt-4o-mini\n---\n{{> tone}}\nSort this ticket: {{ticket}}\n');
    assert.equal(created.latestVersion.message, 'Created from triage.prompt');
    const partials = await api(backend.url, 'GET', `/prompts?projectId=${projectId}&kind=PARTIAL`, token);
    assert.deepEqual(
      partials.items.map((p: { name: string }) => p.name),
      ['tone'],
    );
    const status = await promptstack(['status', '--json']);
    assert.deepEqual(
      JSON.parse(status.stdout).map((s: { file: string; state: string; base: number }) => [s.file, s.state, s.base]),
      [['triage.prompt', 'in sync', 1]],
    );
  });

  it('links an existing prompt; a file that differs is a conflict until --pull or --push says which side wins', async () => {
    const existing = await api(backend.url, 'POST', '/prompts', token, { projectId, name: 'reply', content: 'Reply to {{ticket}}' });
    writeFileSync(path('reply.prompt'), 'Reply to {{ticket}}');
    const same = await promptstack(['link', 'reply.prompt', '--prompt', existing.id]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^linked {4}reply\.prompt to "reply" \([\w-]+\), in sync at v1$/m);
    assert.equal(readLinkedId(read('reply.prompt')), existing.id);

    const edited = 'Reply politely to {{ticket}}';
    writeFileSync(path('reply.prompt'), edited);
    const conflict = await promptstack(['link', 'reply.prompt', '--prompt', existing.id]);
    assert.equal(conflict.code, 3);
    assert.match(conflict.stdout, /^conflict {2}reply\.prompt differs from "reply" v1: not linked; --pull takes v1 into the file, --push makes the file v2$/m);
    assert.match(conflict.stdout, /^-Reply to \{\{ticket\}\}$/m);
    assert.match(conflict.stdout, /^\+Reply politely to \{\{ticket\}\}$/m);
    assert.equal(read('reply.prompt'), edited, 'a conflict changed the file');

    const pushed = await promptstack(['link', 'reply.prompt', '--prompt', existing.id, '--push', '-m', 'politer']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /and pushed it as v2$/m);
    const after = await prompt(existing.id);
    assert.equal(after.latestVersion.number, 2);
    assert.equal(after.latestVersion.message, 'politer');
    assert.equal(read('reply.prompt'), withLinkedId(edited, existing.id));

    writeFileSync(path('reply.prompt'), 'Something else entirely');
    const pulled = await promptstack(['link', 'reply.prompt', '--prompt', existing.id, '--pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /and took v2 into it$/m);
    assert.equal(read('reply.prompt'), withLinkedId(after.latestVersion.source, existing.id));
    assert.equal((await prompt(existing.id)).latestVersion.number, 2, '--pull wrote a version');
  });

  it('refuses with exit 2 and a message: no target, both targets, a partial, a file linked elsewhere, an unknown project, no credentials', async () => {
    writeFileSync(path('loose.prompt'), 'Hello {{name}}');
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['link', 'loose.prompt'], /Give --project <id> to create a new prompt from the file, or --prompt <id>/],
      [['link', 'loose.prompt', '--project', 'Support', '--prompt', 'x'], /Give --project <id>/],
      [['link', 'loose.prompt', '--project', 'Support', '--pull'], /--pull and --push go with --prompt/],
      [['link', 'loose.prompt', '--project', 'Support', '--name', '   '], /--name needs a name/],
      [['link', '_tone.prompt', '--project', 'Support'], /_tone\.prompt is a partial/],
      [['link', 'missing.prompt', '--project', 'Support'], /No such file: missing\.prompt/],
      [['link', 'triage.prompt', '--project', 'Support'], /triage\.prompt is already linked to prompt [\w-]+: remove its promptstack\.id line/],
      [['link', 'loose.prompt', '--project', 'Sales'], /No project "Sales" in your workspaces \(there are "(Support|Billing)", "(Support|Billing)"\)/],
      [['link', 'loose.prompt', '--prompt', 'nope'], /not found|No prompt/i],
      [['link', 'loose.prompt', '--project', 'Support'], /No credentials for/, { PROMPTSTACK_API_KEY: '' }],
    ];
    for (const [args, message, env] of cases) {
      const { code, stderr } = await promptstack(args, env);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message, args.join(' '));
    }
    // A refusal of the input says which field and why, not only that validation failed.
    const long = await promptstack(['link', 'loose.prompt', '--project', 'Support', '--name', 'x'.repeat(201)]);
    assert.equal(long.code, 1);
    assert.match(long.stderr, /^promptstack: Input validation failed: name: .+$/m);
    assert.equal(readLinkedId(read('loose.prompt')), undefined);
  });
});
