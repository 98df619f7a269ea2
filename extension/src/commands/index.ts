/**
 * The command table: each command id (declared in package.json `contributes.commands`) maps to a
 * factory that receives the shared context and returns the handler, as in rust-analyzer. Every
 * command the extension registers is in this one table; add one by writing its factory in its
 * feature's folder and one line here.
 */
import { analyticsCommand } from '../analytics/analyticsPanel.ts';
import type { PromptStackContext } from '../context.ts';
import { showExperimentCommand } from '../experiments/experimentPanel.ts';
import { abTestCommand } from '../run/abTestCommand.ts';
import { runCommand, runWithCommand, setApiKeyCommand } from '../run/commands.ts';
import { linkCommand, openVersionDiffCommand, pullCommand, pushCommand, refreshHistoryCommand, restoreVersionCommand } from '../sync/commands.ts';
import { approveRequestCommand, moveLabelCommand, rejectRequestCommand, rollbackLabelCommand } from '../sync/labelCommands.ts';
import { createApiKeyCommand, listApiKeysCommand, revokeApiKeyCommand } from '../team/apiKeyCommands.ts';
import { signInCommand, signOutCommand } from '../team/commands.ts';
import { restartLanguageServer } from './restartLanguageServer.ts';
import { showOutput } from './showOutput.ts';

/** A command: built once per activation from the shared context. */
export type CommandFactory = (ctx: PromptStackContext) => (...args: never[]) => unknown;

/** Every command the extension registers, by id. */
export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'promptstack.showOutput': showOutput,
  'promptstack.restartLanguageServer': restartLanguageServer,
  'promptstack.run': runCommand,
  'promptstack.runWith': runWithCommand,
  'promptstack.abTest': abTestCommand,
  'promptstack.setApiKey': setApiKeyCommand,
  'promptstack.signIn': signInCommand,
  'promptstack.signOut': signOutCommand,
  'promptstack.createApiKey': createApiKeyCommand,
  'promptstack.listApiKeys': listApiKeysCommand,
  'promptstack.revokeApiKey': revokeApiKeyCommand,
  'promptstack.link': linkCommand,
  'promptstack.push': pushCommand,
  'promptstack.pull': pullCommand,
  'promptstack.history.refresh': refreshHistoryCommand,
  'promptstack.history.openDiff': openVersionDiffCommand,
  'promptstack.history.restore': restoreVersionCommand,
  'promptstack.history.moveLabel': moveLabelCommand,
  'promptstack.history.approveRequest': approveRequestCommand,
  'promptstack.history.rejectRequest': rejectRequestCommand,
  'promptstack.history.rollbackLabel': rollbackLabelCommand,
  'promptstack.showAnalytics': analyticsCommand,
  'promptstack.showExperiment': showExperimentCommand,
};
