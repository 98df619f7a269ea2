/**
 * Walks the Handlebars body once: every variable reference with its scope and the input path it
 * resolves to, helper uses, partial references and block regions. Scoping follows Handlebars:
 * `each`/`with` change `this`, `../` climbs only context-changing blocks, block params shadow
 * context lookups, helpers take precedence over variables for plain names.
 */
import type { AST } from '@handlebars/parser';
import type { BodyPositions, HbsLoc } from './bodyPositions.ts';
import { diagnostic } from './diagnostics.ts';
import { findHelper } from './helpers.ts';
import { DIAGNOSTIC_CODES, type BlockScope, type HelperUse, type PartialReference, type PromptDiagnostic, type VariableReference } from './types.ts';

/** What the walker needs to know about declared inputs, to tell sections from helper calls. */
export interface BodyWalkInput {
  positions: BodyPositions;
  /** Extra helper names to accept (Genkit `defineHelper`). */
  extraHelpers: ReadonlySet<string>;
  /** Whether a top-level input field is declared (so `{{#field x}}` is not an unknown helper). */
  isDeclaredField: (name: string) => boolean;
  /** The declared type at an input path, when known (`array`, `object`, `string`...). */
  typeAt: (path: readonly string[]) => string | undefined;
}

export interface BodyWalkResult {
  variables: VariableReference[];
  partials: PartialReference[];
  helpers: HelperUse[];
  blocks: BlockScope[];
  /** Names defined with `{{#*inline "name"}}`, which count as existing partials. */
  inlinePartials: Set<string>;
  diagnostics: PromptDiagnostic[];
}

interface Frame {
  /** True when `this` differs from the enclosing frame's (each, with, sections). */
  changesContext: boolean;
  /** Input path of `this` in this frame; undefined when it cannot be known. */
  contextPath?: string[];
  /** Block params: name -> input path (undefined for `@index`-like params). */
  params?: Map<string, string[] | undefined>;
}

type Node = { type: string; loc: HbsLoc };
type Expression = AST.Expression & Node;

/** Walks a parsed body; never throws on any AST the parser returns. */
export function walkBody(program: AST.Program, input: BodyWalkInput): BodyWalkResult {
  const out: BodyWalkResult = { variables: [], partials: [], helpers: [], blocks: [], inlinePartials: new Set(), diagnostics: [] };
  const { positions } = input;
  const frames: Frame[] = [{ changesContext: true, contextPath: [] }];

  const isHelper = (name: string) => findHelper(name) !== undefined || input.extraHelpers.has(name);
  const simpleName = (path: unknown): string | undefined => {
    const p = path as AST.PathExpression;
    if (p?.type !== 'PathExpression' || p.data || p.depth > 0 || (p as { this?: boolean }).this) return undefined;
    return p.parts.length === 1 && typeof p.parts[0] === 'string' ? p.parts[0] : undefined;
  };
  const blockParam = (name: string): { found: boolean; path?: string[] } => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const params = frames[i]!.params;
      if (params?.has(name)) return { found: true, path: params.get(name) };
    }
    return { found: false };
  };
  const contextAt = (depth: number): { frame?: Frame; isRoot: boolean } => {
    let remaining = depth;
    for (let i = frames.length - 1; i >= 0; i--) {
      const frame = frames[i]!;
      if (!frame.changesContext) continue;
      if (remaining === 0) return { frame, isRoot: i === 0 };
      remaining--;
    }
    return { isRoot: false };
  };

  /** Resolves and records a path expression used as a value. */
  const reference = (path: AST.PathExpression, asArgument: boolean): VariableReference | undefined => {
    const head = path.parts[0];
    if (head !== undefined && typeof head !== 'string') {
      expression(head as unknown as Expression); // `(helper).field`: the sub-expression's own references
      return undefined;
    }
    const parts = path.parts as string[];
    const ref: VariableReference = { raw: path.original, range: positions.range((path as unknown as Node).loc), scope: 'input', asArgument };
    if (path.data) {
      if (parts[0] === 'root') ref.inputPath = parts.slice(1);
      else ref.scope = 'data';
    } else if (!(path as { this?: boolean }).this && path.depth === 0 && parts.length > 0 && blockParam(parts[0]!).found) {
      const param = blockParam(parts[0]!);
      ref.scope = 'blockParam';
      if (param.path) ref.inputPath = [...param.path, ...parts.slice(1)];
    } else {
      const { frame, isRoot } = contextAt(path.depth);
      ref.scope = parts.length === 0 ? 'this' : isRoot ? 'input' : 'item';
      if (frame?.contextPath) ref.inputPath = [...frame.contextPath, ...parts];
    }
    out.variables.push(ref);
    return ref;
  };

  const expression = (node: Expression | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'PathExpression':
        reference(node as unknown as AST.PathExpression, true);
        return;
      case 'SubExpression': {
        const sub = node as unknown as AST.SubExpression;
        call(sub.path as unknown as Expression, sub.params, sub.hash, false, true);
        return;
      }
      case 'ArrayLiteral':
        for (const item of (node as unknown as { items: Expression[] }).items ?? []) expression(item);
        return;
      case 'HashLiteral':
        for (const pair of (node as unknown as { pairs: AST.HashPair[] }).pairs ?? []) expression(pair.value as Expression);
        return;
      default:
        return; // literals reference nothing
    }
  };

  const args = (params: AST.Expression[] | undefined, hash: AST.Hash | undefined) => {
    for (const param of params ?? []) expression(param as Expression);
    for (const pair of hash?.pairs ?? []) expression(pair.value as Expression);
  };

  /**
   * A mustache, block open or sub-expression: a helper call when the name is a helper or it
   * has arguments, otherwise a value. Returns the helper name when it was a helper call.
   */
  const call = (path: Expression, params: AST.Expression[], hash: AST.Hash | undefined, block: boolean, sexpr: boolean): string | undefined => {
    const hasArgs = (params?.length ?? 0) > 0 || (hash?.pairs?.length ?? 0) > 0;
    const name = simpleName(path);
    let helper: string | undefined;
    if (path.type === 'SubExpression') expression(path);
    else if (path.type === 'PathExpression') {
      if (name !== undefined && (isHelper(name) || hasArgs || sexpr)) {
        helper = name;
        out.helpers.push({ name, range: positions.range(path.loc), block });
        if (hasArgs && !isHelper(name) && !input.isDeclaredField(name) && !blockParam(name).found) {
          // Dotprompt compiles with knownHelpersOnly: this call fails at render time.
          out.diagnostics.push(
            diagnostic(
              positions.range(path.loc),
              'warning',
              DIAGNOSTIC_CODES.unknownHelper,
              `Unknown helper '${name}'. Dotprompt only runs its own helpers and the Handlebars built-ins unless one is registered.`,
              { helper: name },
            ),
          );
        }
      } else reference(path as unknown as AST.PathExpression, false);
    }
    args(params, hash);
    return helper;
  };

  const statements = (body: AST.Statement[] | undefined) => {
    for (const statement of body ?? []) visit(statement as Node);
  };

  const visit = (node: Node): void => {
    switch (node.type) {
      case 'MustacheStatement': {
        const m = node as unknown as AST.MustacheStatement;
        call(m.path as Expression, m.params, m.hash, false, false);
        return;
      }
      case 'BlockStatement':
        block(node as unknown as AST.BlockStatement);
        return;
      case 'DecoratorBlock': {
        const d = node as unknown as AST.BlockStatement;
        const first = d.params?.[0] as { type?: string; value?: unknown } | undefined;
        if (simpleName(d.path) === 'inline' && first?.type === 'StringLiteral') out.inlinePartials.add(String(first.value));
        // An inline partial renders with its caller's context, unknown here.
        frames.push({ changesContext: true });
        statements(d.program?.body);
        frames.pop();
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const p = node as unknown as AST.PartialStatement & { program?: AST.Program };
        partial(p.name as unknown as Expression);
        args(p.params, p.hash);
        if (p.program) {
          frames.push({ changesContext: false });
          statements(p.program.body);
          frames.pop();
        }
        return;
      }
      default:
        return; // content, comments, decorators
    }
  };

  const partial = (name: Expression) => {
    if (name.type === 'SubExpression') return expression(name); // dynamic partial name
    const n = name as unknown as { original?: unknown; value?: unknown; data?: boolean };
    if (name.type === 'PathExpression' && !n.data) out.partials.push({ name: String(n.original), range: positions.range(name.loc) });
    else if (name.type === 'StringLiteral') {
      const range = positions.range(name.loc);
      // The literal's loc includes its quotes; the name is inside them.
      out.partials.push({
        name: String(n.value),
        range: {
          start: { ...range.start, character: range.start.character + 1 },
          end: { ...range.end, character: Math.max(range.start.character + 1, range.end.character - 1) },
        },
      });
    }
  };

  const block = (b: AST.BlockStatement) => {
    const helper = call(b.path as unknown as Expression, b.params, b.hash, true, false);
    const blockParams = b.program?.blockParams ?? [];
    const subject = helper === undefined ? lastReference(out.variables, b.path) : firstParamPath(b, out.variables);
    const frame = frameFor(helper, subject, blockParams, input);
    const name = helper ?? String((b.path as { original?: unknown }).original ?? '');
    if (b.program) {
      const contentRange = blockContentRange(b, positions);
      if (contentRange) {
        const scope: BlockScope = { helper: name, contentRange, blockParams: [...blockParams] };
        const contextPath = frame.changesContext ? frame.contextPath : contextAt(0).frame?.contextPath;
        if (contextPath) scope.contextPath = contextPath;
        out.blocks.push(scope);
      }
      frames.push(frame);
      statements(b.program.body);
      frames.pop();
    }
    statements(b.inverse?.body); // `{{else}}` renders in the enclosing context
  };

  statements(program.body);
  return out;
}

/** The reference just recorded for a block's own path (a section like `{{#user}}`). */
function lastReference(variables: VariableReference[], path: unknown): VariableReference | undefined {
  const last = variables[variables.length - 1];
  return last && last.raw === (path as { original?: string }).original ? last : undefined;
}

/** The reference recorded for a block helper's first parameter, when it is a path. */
function firstParamPath(b: AST.BlockStatement, variables: VariableReference[]): VariableReference | undefined {
  const first = b.params?.[0] as { type?: string; original?: string } | undefined;
  if (first?.type !== 'PathExpression') return undefined;
  for (let i = variables.length - 1; i >= 0; i--) {
    const variable = variables[i]!;
    if (variable.raw === first.original && variable.asArgument) return variable;
  }
  return undefined;
}

/** The scope a block's main program runs in. */
function frameFor(helper: string | undefined, subject: VariableReference | undefined, blockParams: string[], input: BodyWalkInput): Frame {
  const path = subject?.scope === 'data' ? undefined : subject?.inputPath;
  if (helper === 'each' || helper === 'with') {
    const params = new Map<string, string[] | undefined>();
    if (blockParams[0] !== undefined) params.set(blockParams[0], path);
    if (blockParams[1] !== undefined) params.set(blockParams[1], undefined); // index or key
    return { changesContext: true, contextPath: path, params };
  }
  if (helper !== undefined) {
    const known = findHelper(helper);
    const params = new Map(blockParams.map((name) => [name, undefined] as const));
    // Unknown block helpers may set any context; only the known ones keep it.
    return known ? { changesContext: false, params } : { changesContext: true, params };
  }
  // A section (`{{#user}}...{{/user}}`): Handlebars iterates arrays, enters objects, and keeps
  // the context for other truthy values.
  const type = path ? input.typeAt(path) : undefined;
  if (type === undefined) return { changesContext: true, contextPath: path };
  if (type === 'array' || type === 'object' || type === 'any') return { changesContext: true, contextPath: path };
  return { changesContext: false };
}

/** The range between the open tag and `{{else}}` (or the close tag), found by scanning for braces. */
function blockContentRange(b: AST.BlockStatement, positions: BodyPositions) {
  const text = positions.index.text;
  const loc = (b as unknown as Node).loc;
  if (!loc) return undefined;
  const blockEnd = positions.offset(positions.position(loc.end.line, loc.end.column));
  // The open tag ends at the first `}}` after its last located part (block params have no loc).
  const parts = [b.path, ...(b.params ?? []), ...(b.hash?.pairs ?? [])] as unknown as Node[];
  let lastPart = positions.offset(positions.position(loc.start.line, loc.start.column));
  for (const part of parts) if (part?.loc) lastPart = Math.max(lastPart, positions.offset(positions.position(part.loc.end.line, part.loc.end.column)));
  const openEnd = text.indexOf('}}', lastPart);
  if (openEnd < 0 || openEnd > blockEnd) return undefined;
  const contentStart = openEnd + 2;
  let contentEnd = text.lastIndexOf('{{', blockEnd - 1);
  if (b.inverse && b.program) {
    const body = b.program.body as unknown as Node[];
    const lastStatement = body[body.length - 1];
    const after = lastStatement?.loc ? positions.offset(positions.position(lastStatement.loc.end.line, lastStatement.loc.end.column)) : contentStart;
    const elseTag = text.indexOf('{{', after);
    if (elseTag >= 0 && elseTag < contentEnd) contentEnd = elseTag;
  }
  if (contentEnd < contentStart) contentEnd = contentStart;
  return positions.index.rangeOf(contentStart, contentEnd);
}
