import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './support/runCli.ts';

describe('promptstack start-up', () => {
  it("keeps V8's compiled code of the bundle for the next run where Node offers it (22.1 and later), and runs without it on 20", () => {
    const dir = mkdtempSync(join(tmpdir(), 'promptstack-startup-'));
    // The cache goes under the temporary folder unless NODE_COMPILE_CACHE names another.
    const { NODE_COMPILE_CACHE: _chosen, ...inherited } = process.env;
    const env = { ...inherited, TMPDIR: dir };
    const run = spawnSync(process.execPath, [BIN, '--version'], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
    const cache = join(dir, 'node-compile-cache');
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 1)) {
      assert.ok(existsSync(cache) && readdirSync(cache).length > 0, `no compile cache under ${cache} on Node ${process.versions.node}`);
    } else {
      assert.equal(existsSync(cache), false);
    }
  });
});
