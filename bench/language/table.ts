/** Prints benchmark rows as an aligned table and saves them under bench/results/ for the README. */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Timing } from './measure.ts';

/** One measured operation on one file, beside the bare-parser cost of the same text. */
export interface Row {
  file: string;
  operation: string;
  timing: Timing;
  /** Median of yaml + @handlebars/parser on the same text, in the same run. */
  bareMedian?: number;
  /** The target from the issue, e.g. `ratio <= 1.5` or `p95 < 5 ms`, and whether it was met. */
  target?: { text: string; met: boolean };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');

const ratio = (value: number) => (value < 0.01 ? '<0.01x' : `${value.toFixed(2)}x`);

/** Formats the rows as a fixed-width table (ratio = median / bare median). */
export function formatTable(rows: Row[]): string {
  const header = ['file', 'operation', 'n', 'median ms', 'p95 ms', 'max ms', 'bare ms', 'ratio', 'target'];
  const body = rows.map((r) => [
    r.file,
    r.operation,
    String(r.timing.samples.length),
    ms(r.timing.median),
    ms(r.timing.p95),
    ms(r.timing.max),
    r.bareMedian === undefined ? '' : ms(r.bareMedian),
    r.bareMedian === undefined ? '' : ratio(r.timing.median / r.bareMedian),
    r.target ? `${r.target.text} ${r.target.met ? 'ok' : 'MISSED'}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Writes the rows (without raw samples) to bench/results/<name>.json; the folder is git-ignored. */
export function saveRows(name: string, rows: Row[]): void {
  const folder = new URL('../results/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const summary = rows.map(({ timing, ...rest }) => ({ ...rest, median: timing.median, p95: timing.p95, max: timing.max, n: timing.samples.length }));
  writeFileSync(new URL(`${name}.json`, folder), `${JSON.stringify({ at: new Date().toISOString(), rows: summary }, null, 2)}\n`);
}
