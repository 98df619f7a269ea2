import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';
import { runCli } from './support/runCli.ts';

/** A prompt that includes a partial and names a tool defined in a file beside it. */
const ORDER = `---
model: openai/gpt-4o-mini
tools: [lookupOrder]
---
Where is order {{id}}?
{{> signature}}`;

const LOOKUP_YAML = `description: Finds an order by id
inputSchema:
  id: string
`;

describe('promptstack push sends the partials and tool files beside a prompt', () => {
  let backend: TestBackend;
  let token: string;
  let promptId: string;
  let projectId: string;
  let repo: string;
  const file = (name: string) => join(repo, name);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString();

  function promptstack(args: string[]) {
    return runCli(args, {
      cwd: repo,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'promptstack-config-')),
        PROMPTSTACK_API_KEY: token,
        PROMPTSTACK_URL: backend.url,
      },
    });
  }
  const version = (number: number) => api(backend.url, 'GET', `/prompts/${promptId}/versions/${number}`, token);

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    backend = await startBackend();
    ({ token, projectId } = await signUpWithProject(backend.url, { name: 'Ada', email: 'ada@example.com' }, 'Orders'));
    const created = await api(backend.url, 'POST', '/prompts', token, {
      name: 'order',
      content: 'Where is order {{id}}?',
      projectId,
      model: 'openai/gpt-4o-mini',
    });
    promptId = created.id;
    repo = mkdtempSync(join(tmpdir(), 'promptstack-extras-'));
    git('init', '-q');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    writeFileSync(file('order.prompt'), withLinkedId(created.latestVersion.source, promptId));
    git('add', '.');
    git('commit', '-qm', 'link');
  });
  after(() => backend?.stop());

  it('pushes an edited prompt with the partial it includes and the tool file its tools: names', async () => {
    writeFileSync(file('order.prompt'), withLinkedId(ORDER, promptId));
    writeFileSync(file('_signature.prompt'), 'Kind regards, Support');
    writeFileSync(file('lookupOrder.tool.yaml'), LOOKUP_YAML);
    const pushed = await promptstack(['push']);
    assert.equal(pushed.code, 0, pushed.stdout + pushed.stderr);
    assert.match(pushed.stdout, /^pushed +order\.prompt as v2$/m);
    assert.deepEqual((await version(2)).tools, [{ name: 'lookupOrder', description: 'Finds an order by id', inputSchema: { id: 'string' } }]);
    const partials = await api(backend.url, 'GET', `/prompts?projectId=${projectId}&kind=PARTIAL`, token);
    assert.deepEqual(
      partials.items.map((p: { name: string }) => p.name),
      ['signature'],
    );
    git('add', '.');
    git('commit', '-qm', 'order with tools');
  });

  it('makes a new version when only a tool file changed, and none when nothing did', async () => {
    writeFileSync(file('lookupOrder.tool.yaml'), LOOKUP_YAML.replace('by id', 'by id or email'));
    const pushed = await promptstack(['push']);
    assert.equal(pushed.code, 0, pushed.stdout + pushed.stderr);
    assert.match(pushed.stdout, /^pushed +order\.prompt as v3 \(partials or tool definitions changed\)$/m);
    assert.equal((await version(3)).tools[0].description, 'Finds an order by id or email');
    const again = await promptstack(['push']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^in sync +order\.prompt \(v3\)$/m);
  });

  it('reports a tool file that holds no definition, and pushes nothing (exit 1)', async () => {
    writeFileSync(file('lookupOrder.tool.yaml'), 'inputSchema: { id: string }\n');
    const pushed = await promptstack(['push']);
    assert.equal(pushed.code, 1);
    assert.match(pushed.stdout, /^error +order\.prompt: not pushed, a tool file holds no usable definition: lookupOrder\.tool\.yaml: description: /m);
    assert.equal((await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersionNumber, 3);
  });

  it("reports the backend's 400 naming a tool with no file (exit 1)", async () => {
    rmSync(file('lookupOrder.tool.yaml'));
    const pushed = await promptstack(['push']);
    assert.equal(pushed.code, 1);
    assert.match(pushed.stdout, /^error +order\.prompt: No definition for tool 'lookupOrder'/m);
    assert.equal((await api(backend.url, 'GET', `/prompts/${promptId}`, token)).latestVersionNumber, 3);
    assert.match(readFileSync(file('order.prompt'), 'utf8'), /tools: \[lookupOrder\]/);
  });
});
