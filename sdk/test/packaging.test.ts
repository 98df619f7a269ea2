import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { world, type World } from './support/world.ts';

const run = promisify(execFile);
const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Runs `code` as a file of its own (`.cjs` or `.mjs`) beside the package, as an application would. */
async function node(extension: 'cjs' | 'mjs', code: string, env: Record<string, string>): Promise<any> {
  // Inside the package, so that `@promptstack/sdk` resolves through the workspace's node_modules.
  mkdirSync(join(SDK_DIR, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(SDK_DIR, '.tmp', 'app-'));
  try {
    const file = join(dir, `app.${extension}`);
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], { env: { ...process.env, ...env }, cwd: dir });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the built package (dist/) in a plain Node application', function () {
  this.timeout(240_000);
  let w: World;
  let env: Record<string, string>;

  before(async () => {
    w = await world();
    await w.createPrompt('packaged', 'Packaged for {{name}}');
    env = { PROMPTSTACK_API_KEY: w.apiKey, PROMPTSTACK_URL: w.backend.url };
  });

  const program = (load: string) => `${load}
const ps = new PromptStack({ apiKey: process.env.PROMPTSTACK_API_KEY, baseUrl: process.env.PROMPTSTACK_URL, onError: (e) => console.error(e.message) });
(async () => {
  const prompt = await ps.getPrompt('packaged');
  const { messages } = await prompt.render({ name: 'Ada' });
  const id = ps.logGeneration({ prompt, input: { name: 'Ada' }, output: 'ok', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1 });
  // No flush: the client flushes when the process is about to exit.
  process.on('exit', () => console.log(JSON.stringify({ version: prompt.version, text: messages.at(-1).content[0].text, id, stats: ps.stats })));
})();`;

  it('loads with require() (CommonJS), fetches, renders and flushes at exit', async () => {
    const out = await node('cjs', program("const { PromptStack } = require('@promptstack/sdk');"), env);
    assert.equal(out.version, 1);
    assert.equal(out.text, 'Packaged for Ada');
    assert.equal(out.stats.sent, 1);
    assert.equal(out.stats.queued, 0);
  });

  it('loads with import (ESM), fetches, renders and flushes at exit', async () => {
    const out = await node('mjs', program("import { PromptStack } from '@promptstack/sdk';"), env);
    assert.equal(out.text, 'Packaged for Ada');
    assert.equal(out.stats.sent, 1);
  });
});
