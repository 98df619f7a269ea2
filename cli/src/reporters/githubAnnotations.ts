/**
 * GitHub Actions workflow commands (`::error file=...,line=N::message`), which GitHub shows as
 * annotations on the pull request at the exact line. Escaping follows the runner's rules.
 */

/** Escapes a message (data) part. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation points; lines and columns are 1-based. */
export interface AnnotationPlace {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

/** One `::error`/`::warning`/`::notice` line. */
export function annotation(level: 'error' | 'warning' | 'notice', place: AnnotationPlace, message: string): string {
  const props = [`file=${escapeProperty(place.file)}`, `line=${place.line}`];
  if (place.column !== undefined) props.push(`col=${place.column}`);
  if (place.endLine !== undefined) props.push(`endLine=${place.endLine}`);
  if (place.endColumn !== undefined) props.push(`endColumn=${place.endColumn}`);
  if (place.title) props.push(`title=${escapeProperty(place.title)}`);
  return `::${level} ${props.join(',')}::${escapeData(message)}`;
}
