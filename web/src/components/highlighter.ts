/**
 * Highlights `.prompt` sources with PromptStack's own TextMate grammar (syntaxes/), the one the
 * editor uses, through Shiki's core with the JavaScript regex engine (no WebAssembly). Loaded on
 * demand, so the first page does not pay for it.
 */
import { createHighlighterCore, type HighlighterCore, type ThemedToken } from '@shikijs/core';
import { createJavaScriptRegexEngine } from '@shikijs/engine-javascript';
import yaml from '@shikijs/langs/yaml';
import theme from '@shikijs/themes/github-light-high-contrast';
import dotprompt from '../../../syntaxes/dotprompt.tmLanguage.json';

let highlighter: Promise<HighlighterCore> | undefined;

function load(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [theme],
    langs: [yaml, { ...(dotprompt as object), name: 'dotprompt', scopeName: 'source.dotprompt' } as never],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

/** The source's lines as colored tokens. */
export async function tokenize(source: string): Promise<ThemedToken[][]> {
  const shiki = await load();
  return shiki.codeToTokensBase(source, { lang: 'dotprompt', theme: 'github-light-high-contrast' });
}
