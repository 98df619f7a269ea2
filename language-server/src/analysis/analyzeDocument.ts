/**
 * The one call both the main thread and the analysis worker make to analyse a document.
 * Core is imported by subpath throughout the server so the bundle leaves out the runner's SDKs
 * and statistics (3.4 MB -> 1.1 MB with the renderer the cost estimate needs, and a faster start).
 */
import { analyzePromptFile } from '@promptstack/core/format/analyzePromptFile';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { partialExistsBeside, uriToFilePath } from './partials.ts';
import { toolFileExistsBeside } from './toolFiles.ts';

/** Analyses a document's text, checking partials and tool files on disk beside it when it is a file. */
export function analyzeDocument(uri: string, text: string): PromptAnalysis {
  const filePath = uriToFilePath(uri);
  return analyzePromptFile(
    text,
    filePath
      ? { partialExists: (name: string) => partialExistsBeside(filePath, name), toolFileExists: (name: string) => toolFileExistsBeside(filePath, name) }
      : {},
  );
}
