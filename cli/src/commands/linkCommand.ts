/**
 * `promptstack link <file>`: ties a `.prompt` file to a backend prompt from the terminal, as the
 * editor's Link does: a new prompt made from the file (`--project`), or an existing prompt
 * (`--prompt`). The prompt's id goes into the frontmatter as `promptstack.id`, which is all that
 * status, pull and push need. A file that differs from the existing prompt's latest version is a
 * conflict unless the user says which side wins (`--pull` or `--push`).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { readLinkedId, sameContent, withLinkedId, withoutSyncFields } from '@promptstack/core/format/syncFields';
import { backendClient, type BackendClient } from '../backend/backendClient.ts';
import { backendTarget } from '../backend/cliConfig.ts';
import { EXIT, UsageError } from '../exitCodes.ts';
import { pushExtras, toolProblemsLine, warnMissingPartials, type PushExtras } from '../sync/pushExtras.ts';
import { conflictDiff } from '../sync/showDiff.ts';
import { BACKEND_OPTION, withBackend } from './syncCommands.ts';

interface LinkOptions {
  backend?: string;
  project?: string;
  prompt?: string;
  name?: string;
  message?: string;
  pull: boolean;
  push: boolean;
}

/** Adds `link` to the program. */
export function linkCommand(program: Command): void {
  program
    .command('link')
    .description('Tie a .prompt file to a backend prompt (a new one made from the file, or an existing one) by writing promptstack.id into it')
    .argument('<file>', 'the .prompt file')
    .option('--project <id-or-name>', 'create a new prompt in this project (its id, or its name in your workspaces) from the file, as its version 1')
    .option('--prompt <id>', 'link to this existing prompt')
    .option('--name <name>', 'with --project: the new prompt\'s name (default: the file name without ".prompt")')
    .option('-m, --message <text>', 'the message of the version the link creates')
    .option('--pull', "with --prompt: when the file differs, replace it with the prompt's latest version", false)
    .option('--push', 'with --prompt: when the file differs, push it as the next version', false)
    .option(...BACKEND_OPTION)
    .addHelpText(
      'after',
      '\nExit codes: 0 linked, 1 the backend refused the file (a tool it names has no definition), 2 usage or configuration (no credentials, unknown project or prompt),' +
        ' 3 the file differs from the prompt (its diff is printed; choose --pull or --push).',
    )
    .action(async (file: string, options: LinkOptions) => {
      const path = checkArguments(file, options);
      const client = backendClient(backendTarget(options.backend));
      await withBackend(() => link(client, path, options));
    });
}

/** The file's absolute path, once the arguments make sense together. */
function checkArguments(file: string, options: LinkOptions): string {
  const path = resolve(file);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`No such file: ${file}`);
  }
  if (!isFile || !path.endsWith('.prompt')) throw new UsageError(`${file} is not a .prompt file`);
  if (basename(path).startsWith('_')) throw new UsageError(`${file} is a partial: it is pushed with the prompts that include it, not linked on its own`);
  if (Boolean(options.project) === Boolean(options.prompt)) {
    throw new UsageError('Give --project <id> to create a new prompt from the file, or --prompt <id> to link an existing prompt');
  }
  if (options.project && (options.pull || options.push)) throw new UsageError('--pull and --push go with --prompt: a new prompt starts as the file');
  if (options.prompt && options.name) throw new UsageError('--name goes with --project: an existing prompt keeps its name');
  if (options.name !== undefined && !options.name.trim()) throw new UsageError('--name needs a name (or leave it out to use the file name)');
  if (options.pull && options.push) throw new UsageError('Choose --pull or --push, not both');
  return path;
}

/** The partials and tools sent with the file; undefined (reported) when a tool file is unusable. */
function extrasOf(path: string, text: string, shown: string): PushExtras | undefined {
  const extras = pushExtras(path, text);
  warnMissingPartials(extras, shown);
  const toolProblems = toolProblemsLine(extras, shown, 'linked');
  if (!toolProblems) return extras;
  process.stdout.write(toolProblems);
  return undefined;
}

/** The project `given` names, by id or by name, among the projects of the caller's workspaces. */
async function projectIdOf(client: BackendClient, given: string): Promise<string> {
  const projects = [];
  for (const workspace of await client.workspaces()) {
    for (const project of await client.projects(workspace.id)) projects.push({ ...project, workspace: workspace.name });
  }
  const byId = projects.find((project) => project.id === given);
  if (byId) return byId.id;
  const named = projects.filter((project) => project.name === given);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1) {
    const list = named.map((project) => `${project.id} (workspace "${project.workspace}")`).join(', ');
    throw new UsageError(`More than one project is named "${given}": give its id (${list})`);
  }
  const known = projects.map((project) => `"${project.name}"`).join(', ');
  throw new UsageError(`No project "${given}" in your workspaces${known ? ` (there are ${known})` : ''}`);
}

async function link(client: BackendClient, path: string, options: LinkOptions): Promise<number> {
  const shown = relative(process.cwd(), path) || path;
  const text = readFileSync(path, 'utf8');
  const linked = readLinkedId(text);
  if (linked && linked !== options.prompt) {
    throw new UsageError(`${shown} is already linked to prompt ${linked}: remove its promptstack.id line to link it elsewhere`);
  }
  if (options.project) {
    const extras = extrasOf(path, text, shown);
    if (!extras) return EXIT.failures;
    const created = await client.createPrompt({
      projectId: await projectIdOf(client, options.project),
      name: options.name ?? basename(path, '.prompt'),
      content: withoutSyncFields(text),
      message: options.message ?? `Created from ${basename(path)}`,
      ...(extras.partials ? { partials: extras.partials } : {}),
      ...(extras.tools ? { tools: extras.tools } : {}),
    });
    writeFileSync(path, withLinkedId(text, created.id));
    process.stdout.write(`linked    ${shown} to the new prompt "${created.name}" (${created.id}) as v${created.latestVersion?.number ?? 1}\n`);
    return EXIT.ok;
  }
  const prompt = await client.prompt(options.prompt!);
  const latest = prompt.latestVersion;
  if (!latest || sameContent(latest.source, text)) {
    writeFileSync(path, withLinkedId(text, prompt.id));
    const where = latest ? `in sync at v${latest.number}` : 'it has no version yet: push makes v1';
    process.stdout.write(`linked    ${shown} to "${prompt.name}" (${prompt.id}), ${where}\n`);
    return EXIT.ok;
  }
  if (options.pull) {
    writeFileSync(path, withLinkedId(latest.source, prompt.id));
    process.stdout.write(`linked    ${shown} to "${prompt.name}" (${prompt.id}) and took v${latest.number} into it\n`);
    return EXIT.ok;
  }
  if (options.push) {
    const extras = extrasOf(path, text, shown);
    if (!extras) return EXIT.failures;
    const source = withLinkedId(text, prompt.id);
    const written = await client.createVersion(prompt.id, source, latest.number, options.message, extras);
    writeFileSync(path, source);
    process.stdout.write(`linked    ${shown} to "${prompt.name}" (${prompt.id}) and pushed it as v${written.latestVersion!.number}\n`);
    return EXIT.ok;
  }
  const status = { file: path, promptId: prompt.id, text, prompt, state: 'diverged', latest: latest.number } as const;
  process.stdout.write(
    `conflict  ${shown} differs from "${prompt.name}" v${latest.number}: not linked; --pull takes v${latest.number} into the file, --push makes the file v${latest.number + 1}\n` +
      conflictDiff(status, process.cwd()),
  );
  return EXIT.conflict;
}
