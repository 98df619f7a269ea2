/**
 * `promptstack`: prompt files in CI. Each command lives in commands/; this file builds the program,
 * maps failures to exit codes (documented in cli/README.md) and prints errors without stacks.
 */
import { Command, CommanderError } from 'commander';
import { BackendError } from './backend/backendClient.ts';
import { linkCommand } from './commands/linkCommand.ts';
import { lintCommand } from './commands/lintCommand.ts';
import { syncCommands } from './commands/syncCommands.ts';
import { testCommand } from './commands/testCommand.ts';
import { EXIT, UsageError } from './exitCodes.ts';
import { VERSION } from './version.ts';

// A reader that stops early (`promptstack test --help | head`) closes the pipe: end quietly, as
// Unix tools do, instead of an unhandled EPIPE with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}

const program = new Command('promptstack')
  .description('Lint and test Dotprompt .prompt files, and keep them in step with a PromptStack backend.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  // Usage errors exit 2, as clig.dev suggests, instead of commander's 1.
  .exitOverride();

lintCommand(program);
testCommand(program);
syncCommands(program);
linkCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version print and end with code 0; everything else commander rejects is usage.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof BackendError) {
    process.stderr.write(`promptstack: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof UsageError) {
    process.stderr.write(`promptstack: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`promptstack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failures;
  }
}
