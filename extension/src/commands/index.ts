/**
 * The command table: each command id (declared in package.json `contributes.commands`) maps to a
 * factory that receives the shared context and returns the handler, as in rust-analyzer.
 * Add a command by writing `commands/<name>.ts` and one line here.
 */
import type { PromptStackContext } from '../context.ts';
import { abTestCommand } from '../run/abTestCommand.ts';
import { runCommand, runWithCommand, setApiKeyCommand } from '../run/commands.ts';
import { restartLanguageServer } from './restartLanguageServer.ts';
import { showOutput } from './showOutput.ts';

/** A command: built once per activation from the shared context. */
export type CommandFactory = (ctx: PromptStackContext) => (...args: any[]) => unknown;

/** Every command the extension registers, by id. */
export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'promptstack.showOutput': showOutput,
  'promptstack.restartLanguageServer': restartLanguageServer,
  'promptstack.run': runCommand,
  'promptstack.runWith': runWithCommand,
  'promptstack.abTest': abTestCommand,
  'promptstack.setApiKey': setApiKeyCommand,
};
