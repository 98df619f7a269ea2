/** The one call both the main thread and the analysis worker make to analyse a document. */
import { analyzePromptFile, type PromptAnalysis } from '@promptstack/core';
import { partialExistsBeside, uriToFilePath } from './partials.ts';

/** Analyses a document's text, checking partials on disk beside it when it is a file. */
export function analyzeDocument(uri: string, text: string): PromptAnalysis {
  const filePath = uriToFilePath(uri);
  return analyzePromptFile(text, filePath ? { partialExists: (name: string) => partialExistsBeside(filePath, name) } : {});
}
