/**
 * Test harness: tokenizes text with the real vscode-textmate engine on the real Oniguruma WASM,
 * with our grammar and the YAML grammar that VS Code's own YAML support ships (via tm-grammars).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { IGrammar, IRawGrammar } from 'vscode-textmate';

const require = createRequire(import.meta.url);
// Both packages are CommonJS; require() gives the same object however the test runner loads this file.
const oniguruma = require('vscode-oniguruma') as typeof import('vscode-oniguruma');
const textmate = require('vscode-textmate') as typeof import('vscode-textmate');

/** One token of one line: its text, the scopes that apply to it (outermost first), where it sits. */
export interface Token {
  text: string;
  scopes: string[];
  line: number;
  start: number;
}

/** Where every grammar the tests load comes from; an include of any other scope resolves to nothing. */
const GRAMMAR_FILES: Record<string, string> = {
  'source.dotprompt': fileURLToPath(new URL('../dotprompt.tmLanguage.json', import.meta.url)),
  'source.yaml': require.resolve('tm-grammars/grammars/yaml.json'),
};

let grammarPromise: Promise<IGrammar> | undefined;

/** Loads the Oniguruma WASM once and returns the `.prompt` grammar. */
export function loadPromptGrammar(): Promise<IGrammar> {
  grammarPromise ??= createGrammar();
  return grammarPromise;
}

async function createGrammar(): Promise<IGrammar> {
  const wasm = await readFile(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
      const file = GRAMMAR_FILES[scopeName];
      if (!file) return null;
      return textmate.parseRawGrammar(await readFile(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.dotprompt');
  if (!grammar) throw new Error('source.dotprompt did not load');
  return grammar;
}

/** Tokenizes a whole document line by line, carrying the rule stack across lines as an editor does. */
export async function tokenize(text: string): Promise<Token[]> {
  const grammar = await loadPromptGrammar();
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const token of result.tokens) {
      tokens.push({ text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes, line, start: token.startIndex });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** Prints tokens one a line (`text  scope scope ...`), for reading a failure or writing a new test. */
export function describeTokens(tokens: Token[]): string {
  return tokens.map((t) => `${t.line}:${t.start} ${JSON.stringify(t.text)}  ${t.scopes.join(' ')}`).join('\n');
}
