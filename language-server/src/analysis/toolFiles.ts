/**
 * Tool files for documents on disk. Where a tool named in `tools:` is defined (`name.tool.yaml`,
 * `.yml` or `.json` beside the prompt, else in `tools/` beside it) is core's one rule
 * (core/src/render/toolFiles.ts), shared with the runs of the extension and the CLI.
 */
import { statSync } from 'node:fs';
import { toolFileCandidates } from '@promptstack/core/render/toolFiles';

/** Whether a tool name has a file for the prompt at `promptPath`. */
export function toolFileExistsBeside(promptPath: string, name: string): boolean {
  // A name is a file name here: nothing that could leave the folder.
  if (!/^[\w-]+$/.test(name)) return false;
  return toolFileCandidates(promptPath, name).some((file) => {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}
