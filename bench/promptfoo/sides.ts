/**
 * The two command lines being compared: promptfoo's `eval` and our bundled eval, each pointed at
 * the same prompt, dataset and local provider with the same concurrency.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

/** Our .prompt, and the same two messages in promptfoo's chat-prompt JSON (Nunjucks `{{topic}}`). */
export const PROMPT_FILE = fileURLToPath(new URL('./fixtures/summary.prompt', import.meta.url));
export const PROMPTFOO_PROMPT_FILE = fileURLToPath(new URL('./fixtures/summary.promptfoo.json', import.meta.url));

/** One eval: what both sides are given. */
export interface EvalSetup {
  /** Folder for configs and promptfoo's home (its results database). */
  workDir: string;
  datasetPath: string;
  cases: number;
  concurrency: number;
  openaiBaseUrl: string;
  apiKey: string;
}

/** A command to run under measureProcess. */
export interface SideCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Our side: node on the bundle of ourEval.ts. */
export function ourCommand(bundle: string, setup: EvalSetup): SideCommand {
  return {
    command: process.execPath,
    args: [bundle, PROMPT_FILE, setup.datasetPath, String(setup.cases), String(setup.concurrency), setup.openaiBaseUrl, setup.apiKey],
    env: {},
  };
}

/**
 * promptfoo's side: a config with the OpenAI provider on the local server, the dataset as its
 * tests and the same `contains`-ignoring-case check; `-j` concurrency, no cache, no sharing, no
 * table, no progress bar, no telemetry or update check. Results are written to its database (as
 * `promptfoo eval` does by default), in a home folder of its own under `workDir`.
 */
export function promptfooCommand(cli: string, setup: EvalSetup): SideCommand {
  const configPath = join(setup.workDir, `promptfooconfig-${setup.cases}.yaml`);
  const config = {
    description: `PromptStack bench: ${setup.cases} cases`,
    prompts: [`file://${PROMPTFOO_PROMPT_FILE}`],
    providers: [{ id: 'openai:chat:gpt-4o-mini', config: { apiBaseUrl: setup.openaiBaseUrl, apiKey: setup.apiKey, temperature: 0, max_tokens: 64 } }],
    defaultTest: { assert: [{ type: 'icontains', value: '{{topic}}' }] },
    tests: `file://${setup.datasetPath}`,
  };
  writeFileSync(configPath, stringify(config));
  return {
    command: process.execPath,
    args: [cli, 'eval', '-c', configPath, '-j', String(setup.concurrency), '--no-cache', '--no-share', '--no-table', '--no-progress-bar'],
    env: {
      PROMPTFOO_CONFIG_DIR: join(setup.workDir, 'promptfoo-home'),
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      PROMPTFOO_CACHE_ENABLED: 'false',
      PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: '1',
      OPENAI_API_KEY: setup.apiKey,
      NO_COLOR: '1',
    },
  };
}

/**
 * The floor: node on the bundle of bareSdkEval.ts (the bare openai SDK, same messages), with
 * Node's global fetch as users build the SDK, or with the fetch core gives it.
 */
export function bareSdkCommand(bundle: string, setup: EvalSetup, fetch: 'global' | 'core' = 'global'): SideCommand {
  return {
    command: process.execPath,
    args: [bundle, setup.datasetPath, String(setup.cases), String(setup.concurrency), setup.openaiBaseUrl, setup.apiKey],
    env: fetch === 'core' ? { BARE_SDK_FETCH: 'core' } : {},
  };
}
