/**
 * Regular expressions written by users (the `regex` assertion) run on RE2JS, a linear-time
 * engine: a pattern such as `(a+)+$` that makes a backtracking engine take exponential time on a
 * long output takes linear time here, so one pattern cannot stall a server or an extension host.
 * The price is RE2 syntax: no backreferences (`\1`, `\k<name>`) and no lookaround (`(?=`, `(?!`,
 * `(?<=`, `(?<!`). Such a pattern is refused when it is saved, with the engine's reason.
 */
import { RE2JS } from 're2js';

/** A compiled user pattern: only the question assertions ask. */
export interface UserRegex {
  /** True when the pattern matches somewhere in `text` (anywhere, or at its start for flag `y`). */
  test(text: string): boolean;
}

/** A compiled pattern, or why the engine refused it. */
export type CompiledUserRegex = { ok: true; regex: UserRegex } | { ok: false; message: string };

/** What the RE2 engine refuses that JavaScript accepts, said once for every refusal message. */
export const USER_REGEX_SYNTAX_NOTE = 'patterns use RE2 syntax: no backreferences or lookaround';

/** JavaScript flags that change what RE2 matches; the others (`d g u v`) do not change whether a single test matches. */
const ENGINE_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * Compiles `pattern` with JavaScript-style `flags` (`i`, `m`, `s`; `y` anchors the match at the
 * start of the text; `d`, `g`, `u`, `v` change nothing for a yes/no test). Never throws.
 */
export function compileUserRegex(pattern: string, flags = ''): CompiledUserRegex {
  let engineFlags = 0;
  for (const flag of flags) engineFlags |= ENGINE_FLAGS[flag] ?? 0;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, engineFlags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return { ok: false, message: `Invalid regex /${pattern}/: ${reason} (${USER_REGEX_SYNTAX_NOTE})` };
  }
  const sticky = flags.includes('y');
  return { ok: true, regex: { test: (text) => (sticky ? compiled.matcher(text).lookingAt() : compiled.test(text)) } };
}
