/**
 * The shared dataset: one CSV column `topic`, read by promptfoo (`tests: file://...csv`) and by
 * our side alike. Topics are generated with no commas or quotes, so a line is a field.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const ADJECTIVES = ['quiet', 'ancient', 'modern', 'tiny', 'distant', 'bright', 'frozen', 'busy', 'hidden', 'gentle'];
const NOUNS = ['harbours', 'libraries', 'volcanoes', 'gardens', 'railways', 'glaciers', 'markets', 'bridges', 'forests', 'observatories'];

/** `count` distinct topics (`quiet harbours 1`, `ancient libraries 2`, ...). */
export function makeTopics(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${i + 1}`);
}

/** Writes the topics as a one-column CSV with a `topic` header. */
export function writeDataset(path: string, topics: string[]): void {
  writeFileSync(path, `topic\n${topics.join('\n')}\n`);
}

/** Reads back a CSV written by {@link writeDataset}. */
export function readTopics(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0);
}
