/**
 * `analyzePromptFile` against the bare parsers it is built on, on the 2 KB, 100 KB and 1 MB
 * prompts. Target: analysis within 1.5x of yaml + @handlebars/parser at every size.
 */
import { analyzePromptFile } from '@promptstack/core';
import { bareParse } from './bareParsers.ts';
import { promptFixtures } from './fixtures.ts';
import { iterationsFor, sampleAlternating } from './measure.ts';
import { formatTable, saveRows, type Row } from './table.ts';

const ANALYSIS_RATIO_TARGET = 1.5;

const rows: Row[] = [];
for (const fixture of promptFixtures()) {
  const timings = await sampleAlternating(
    {
      analyze: () => analyzePromptFile(fixture.text, { partialExists: () => true }),
      bare: () => bareParse(fixture.text),
    },
    iterationsFor(fixture.text.length),
  );
  const ratio = timings.analyze.median / timings.bare.median;
  const file = `${fixture.label} (${fixture.text.length.toLocaleString('en')} chars)`;
  rows.push({ file, operation: 'yaml + handlebars parse', timing: timings.bare });
  rows.push({
    file,
    operation: 'analyzePromptFile',
    timing: timings.analyze,
    bareMedian: timings.bare.median,
    target: { text: `ratio <= ${ANALYSIS_RATIO_TARGET}`, met: ratio <= ANALYSIS_RATIO_TARGET },
  });
}

console.log(formatTable(rows));
saveRows('language-analyze', rows);
