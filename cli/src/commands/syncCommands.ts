/**
 * `promptstack login | status | pull | push`: the prompt files in git and the backend's prompts kept
 * in step. A linked file carries `promptstack.id` in its frontmatter (`promptstack link` or the editor's Link writes it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { readLinkedId, withLinkedId } from '@promptstack/core/format/syncFields';
import { BackendError, backendClient, type BackendClient } from '../backend/backendClient.ts';
import { backendTarget, DEFAULT_BACKEND_URL, writeLogin } from '../backend/cliConfig.ts';
import { EXIT, UsageError } from '../exitCodes.ts';
import { findPromptFiles } from '../findPromptFiles.ts';
import { conflictDiff } from '../sync/showDiff.ts';
import { hasExtras, pushExtras, toolProblemsLine, warnMissingPartials } from '../sync/pushExtras.ts';
import { fileStatus, type FileStatus } from '../sync/syncStatus.ts';

/** `--backend <url>`, shared by every command that talks to a backend. */
export const BACKEND_OPTION = ['--backend <url>', `the PromptStack backend (default: PROMPTSTACK_URL, the stored login, or ${DEFAULT_BACKEND_URL})`] as const;

/** What status, pull and push say when no file under their paths is linked. */
const NO_LINKED_FILES = 'No linked .prompt files here (link one with `promptstack link`, or Link in the editor: either writes promptstack.id).\n';

/**
 * The linked files under `paths` and a client for the backend, or undefined (after saying so)
 * when no file is linked: then nothing needs the backend, nor credentials for it.
 */
async function linkedFiles(paths: string[], backend: string | undefined): Promise<{ files: string[]; client: BackendClient } | undefined> {
  const files = (await findPromptFiles(paths)).filter((file) => readLinkedId(readFileSync(file, 'utf8')) !== undefined);
  if (files.length === 0) {
    process.stdout.write(NO_LINKED_FILES);
    return undefined;
  }
  return { files, client: backendClient(backendTarget(backend)) };
}

/** Statuses of the linked `files`. */
async function statuses({ files, client }: { files: string[]; client: BackendClient }): Promise<FileStatus[]> {
  const found: FileStatus[] = [];
  for (const file of files) {
    const status = await fileStatus(client, file);
    if (status) found.push(status);
  }
  return found;
}

const shown = (status: FileStatus) => relative(process.cwd(), status.file) || status.file;

function describe(status: FileStatus): string {
  const base = status.base === undefined ? 'no known base' : `base v${status.base}`;
  return `${status.state.padEnd(9)} ${shown(status)}  (${status.prompt.name}: latest v${status.latest}, ${base})`;
}

/** Runs `action`, turning a backend refusal into its exit code and message. */
export async function withBackend(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    process.stderr.write(`promptstack: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}

/** Reads a password: from stdin when asked to, else typed at the terminal without echo. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  process.stdin.setRawMode(true);
  let password = '';
  try {
    for await (const chunk of process.stdin) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return password;
        if (char === '\u0003') throw new UsageError('cancelled');
        password = char === '\u007f' ? password.slice(0, -1) : password + char;
      }
    }
    return password;
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stderr.write('\n');
  }
}

/** Adds login, status, pull and push to the program. */
export function syncCommands(program: Command): void {
  program
    .command('login')
    .description('Sign in to a PromptStack backend and store the session for later commands (readable by you alone)')
    .option(...BACKEND_OPTION)
    .option('--email <email>', 'your account email (asked for when not given)')
    .option('--password-stdin', 'read the password from stdin (for scripts)', false)
    .action(async (options: { backend?: string; email?: string; passwordStdin: boolean }) => {
      const url = (options.backend || process.env.PROMPTSTACK_URL || DEFAULT_BACKEND_URL).replace(/\/+$/, '');
      let email = options.email;
      if (!email) {
        if (!process.stdin.isTTY) throw new UsageError('--email is required when not at a terminal');
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        email = (await rl.question('Email: ')).trim();
        rl.close();
      }
      const password = await readPassword(options.passwordStdin);
      await withBackend(async () => {
        const session = await backendClient({ url, token: '' }).signIn(email, password);
        const file = writeLogin({ backendUrl: url, token: session.token, email: session.user.email, expires: session.expires });
        process.stdout.write(`Signed in to ${url} as ${session.user.email} until ${session.expires}; stored in ${file}\n`);
        return EXIT.ok;
      });
    });

  program
    .command('status')
    .description('Show each linked .prompt file as in sync, behind, ahead or diverged from its backend prompt')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .option(...BACKEND_OPTION)
    .option('--json', 'print JSON', false)
    .action(async (paths: string[], options: { backend?: string; json: boolean }) => {
      const linked = await linkedFiles(paths, options.backend);
      if (!linked) return;
      await withBackend(async () => {
        const all = await statuses(linked);
        if (options.json) {
          const rows = all.map((s) => ({
            file: shown(s),
            promptId: s.promptId,
            prompt: s.prompt.name,
            state: s.state,
            latest: s.latest,
            base: s.base ?? null,
          }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else {
          process.stdout.write(`${all.map(describe).join('\n')}\n`);
        }
        return EXIT.ok;
      });
    });

  program
    .command('pull')
    .description("Write the backend's latest version into files that are behind (a diverged file is a conflict: exit 3, never overwritten)")
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .option(...BACKEND_OPTION)
    .option('--dry-run', 'say what would change, change nothing', false)
    .addHelpText('after', '\nExit codes: 0 done, 2 configuration (no credentials, unknown prompt), 3 a diverged file (its diff is printed).')
    .action(async (paths: string[], options: { backend?: string; dryRun: boolean }) => {
      const linked = await linkedFiles(paths, options.backend);
      if (!linked) return;
      await withBackend(async () => {
        let code: number = EXIT.ok;
        for (const status of await statuses(linked)) {
          if (status.state === 'behind') {
            if (!options.dryRun) writeFileSync(status.file, withLinkedId(status.prompt.latestVersion!.source, status.promptId));
            process.stdout.write(`${options.dryRun ? 'would pull' : 'pulled'}   ${shown(status)}  v${status.base} -> v${status.latest}\n`);
          } else if (status.state === 'diverged') {
            process.stdout.write(
              `conflict  ${shown(status)}: changed here and on the backend; merge by hand, then push\n${conflictDiff(status, process.cwd())}`,
            );
            code = EXIT.conflict;
          } else {
            process.stdout.write(`${status.state.padEnd(9)} ${shown(status)}\n`);
          }
        }
        return code;
      });
    });

  program
    .command('push')
    .description('Create a new version for every file that changed since the latest version; optionally move a label to it')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .option(...BACKEND_OPTION)
    .option('-m, --message <text>', 'the version message')
    .option('--label <name>', 'after a successful push, point this label (e.g. staging, production) at each pushed or in-sync file')
    .option('--dry-run', 'say what would be pushed, push nothing', false)
    .addHelpText(
      'after',
      "\nExit codes: 0 done, 2 configuration, 3 a conflict (the backend moved on since the file's base; its diff is printed, nothing is overwritten).",
    )
    .action(async (paths: string[], options: { backend?: string; message?: string; label?: string; dryRun: boolean }) => {
      const linked = await linkedFiles(paths, options.backend);
      if (!linked) return;
      const { client } = linked;
      await withBackend(async () => {
        let code: number = EXIT.ok;
        for (const status of await statuses(linked)) {
          let version: number | undefined;
          const extras = pushExtras(status.file, status.text);
          warnMissingPartials(extras, shown(status));
          const toolProblems = toolProblemsLine(extras, shown(status), 'pushed');
          if (toolProblems && (status.state === 'ahead' || status.state === 'in sync')) {
            process.stdout.write(toolProblems);
            code = Math.max(code, EXIT.failures);
          } else if (status.state === 'ahead' || (status.state === 'in sync' && hasExtras(extras))) {
            // An in-sync file is sent too when it carries partials or tools: a changed partial or
            // tool file makes a new version (the backend answers created: false when nothing changed).
            if (options.dryRun) {
              if (status.state === 'ahead') process.stdout.write(`would push ${shown(status)} as v${status.latest + 1}\n`);
              else process.stdout.write(`in sync   ${shown(status)} (v${status.latest}; its partials and tools are compared when pushing)\n`);
            } else {
              try {
                const written = await client.createVersion(status.promptId, status.text, status.latest, options.message, extras);
                version = written.latestVersion!.number;
                if (written.created) {
                  const why = status.state === 'in sync' ? ' (partials or tool definitions changed)' : '';
                  process.stdout.write(`pushed    ${shown(status)} as v${version}${why}\n`);
                } else {
                  process.stdout.write(`in sync   ${shown(status)} (v${version})\n`);
                }
              } catch (error) {
                if (!(error instanceof BackendError) || (error.status !== 409 && error.status !== 400)) throw error;
                process.stdout.write(`${error.status === 409 ? 'conflict ' : 'error    '} ${shown(status)}: ${error.message}\n`);
                code = Math.max(code, error.status === 409 ? EXIT.conflict : EXIT.failures);
              }
            }
          } else if (status.state === 'diverged') {
            process.stdout.write(
              `conflict  ${shown(status)}: the backend has v${status.latest}, this file is based on ${status.base === undefined ? 'no version it has' : `v${status.base}`}; pull and merge first\n${conflictDiff(status, process.cwd())}`,
            );
            code = EXIT.conflict;
          } else if (status.state === 'behind') {
            process.stdout.write(`behind    ${shown(status)}: nothing to push (pull brings v${status.latest})\n`);
          } else {
            version = status.latest;
            process.stdout.write(`in sync   ${shown(status)} (v${status.latest})\n`);
          }
          if (options.label && version !== undefined && !options.dryRun) {
            const current = status.prompt.labels.find((l) => l.name === options.label)?.versionNumber;
            if (current !== version) {
              await client.moveLabel(status.promptId, options.label, version);
              process.stdout.write(`label     ${options.label} -> v${version} (${status.prompt.name})\n`);
            }
          } else if (options.label && options.dryRun && (status.state === 'ahead' || status.state === 'in sync')) {
            process.stdout.write(`would move ${options.label} of ${status.prompt.name}\n`);
          }
        }
        return code;
      });
    });
}
