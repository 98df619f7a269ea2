/**
 * The Handlebars scope at the cursor, read from the block tags in the text before it. Completion
 * uses this rather than the analysis because the text is usually invalid while typing (`{{`
 * alone does not parse), and an unparsable body has no blocks in its analysis.
 */
import { findHelper } from '@promptstack/core/format/helpers';
import { resolvePath, type ScopeAt, type ScopeContext } from './inputScope.ts';

/** Block open/close tags, and comments (skipped: they may hold tag-like text). */
const TAG = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#/])\s*([\w-]+)([^}]*)~?\}\}/g;

interface OpenBlock extends ScopeContext {
  /** Whether this block changes `this` (each/with) or only wraps content (if/role...). */
  changesContext: boolean;
}

/** The scope at `offset`, from the body text that starts at `bodyStart`. */
export function scopeFromText(text: string, bodyStart: number, offset: number): ScopeAt & { open: string[] } {
  const stack: OpenBlock[] = [];
  const scope = () => toScope(stack);
  TAG.lastIndex = bodyStart;
  for (let match = TAG.exec(text); match && match.index + match[0].length <= offset; match = TAG.exec(text)) {
    const [, sigil, helper, args] = match;
    if (!sigil || !helper) continue;
    if (sigil === '/') {
      const at = stack.map((b) => b.helper).lastIndexOf(helper);
      if (at >= 0) stack.splice(at);
      continue;
    }
    const changesContext = findHelper(helper)?.changesContext === true;
    const blockParams =
      /\bas\s+\|([^|]*)\|/
        .exec(args ?? '')?.[1]
        ?.trim()
        .split(/\s+/)
        .filter(Boolean) ?? [];
    const contextPath = changesContext ? contextOf(scope(), args ?? '') : undefined;
    stack.push({ helper, changesContext, contextPath, blockParams });
  }
  return { ...scope(), open: stack.map((b) => b.helper) };
}

/** The input path of a block's first argument (`items`, `../list`, `@root.user`, `this.items`). */
function contextOf(scope: ScopeAt, args: string): string[] | undefined {
  const written = /^\s*([^\s|()]+)/.exec(args)?.[1];
  if (!written || /^["'\d]/.test(written)) return undefined;
  let path = written;
  let hops = 0;
  while (path.startsWith('../')) {
    path = path.slice(3);
    hops++;
  }
  const segments = path === '.' || path === 'this' ? ['this'] : path.split(/[./]/).filter(Boolean);
  return resolvePath(scope, segments, hops);
}

function toScope(stack: readonly OpenBlock[]): ScopeAt {
  const contexts = stack.filter((b) => b.changesContext);
  const blockParams = new Map<string, string[] | undefined>();
  for (const block of contexts) {
    block.blockParams.forEach((name, index) => blockParams.set(name, index === 0 ? block.contextPath : undefined));
  }
  const innermost = contexts[contexts.length - 1];
  return { contexts, contextPath: innermost ? innermost.contextPath : [], inEach: innermost?.helper === 'each', blockParams };
}
