/**
 * The quick fix for a `tools:` entry that names no defined tool: create `name.tool.yaml` beside
 * the prompt from a template that core's tool file reader accepts as it is (a description and an
 * input schema in Picoschema), for the user to fill in.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';

/** The text of a new tool file for `name`. */
export function toolFileTemplate(name: string): string {
  return [
    `# The tool '${name}', offered to the model by the prompts beside this file that list it in \`tools:\`.`,
    `description: What ${name} does, so the model knows when to call it`,
    '# The arguments the model passes, in Picoschema (or JSON Schema).',
    'inputSchema:',
    '  query: string, what to look up',
    '# What the tool answers (optional; the editor asks for a result in this shape).',
    '# outputSchema:',
    '#   result: string',
    '',
  ].join('\n');
}

/** "Create name.tool.yaml" for a `missing-tool` diagnostic of the file `documentUri`; undefined for unsaved documents. */
export function createToolFileFix(documentUri: string, diagnostic: Diagnostic): CodeAction | undefined {
  const name = (diagnostic.data as { tool?: unknown } | undefined)?.tool;
  if (typeof name !== 'string' || !/^[\w-]+$/.test(name) || !documentUri.startsWith('file:')) return undefined;
  const uri = new URL(`${name}.tool.yaml`, documentUri).toString();
  return {
    title: `Create ${name}.tool.yaml`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        {
          textDocument: { uri, version: null },
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: toolFileTemplate(name) }],
        },
      ],
    },
  };
}
