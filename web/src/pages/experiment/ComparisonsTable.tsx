/**
 * Each treatment arm against the control, metric by metric: the always-valid sequential test (its
 * p-value and confidence sequence: valid whenever read) and, beside it for reference, the
 * fixed-horizon test of this moment.
 */
import { formatInterval, formatP, formatValue, metricName, VERDICTS } from './experimentFormat.ts';
import type { Comparison } from './types.ts';
import { TableRegion } from '../../components/TableRegion.tsx';

export function ComparisonsTable({ comparisons, level }: { comparisons: Comparison[]; level: number }) {
  const percent = `${Math.round(level * 100)}%`;
  return (
    <TableRegion
      label="Verdicts by metric"
      caption={`Treatment − control, always-valid ${percent} confidence sequence, and the fixed-horizon test for reference`}
      columns={['Arm', 'Metric', 'Control', 'Treatment', 'Difference', 'Always-valid interval', 'Always-valid p', 'Verdict', 'Fixed-horizon interval (p)']}
    >
      {comparisons.map((c) => (
        <tr key={`${c.versionId}-${c.metric}`}>
          <td>v{c.versionNumber}</td>
          <th scope="row">{metricName(c.metric)}</th>
          <td>
            {formatValue(c.metric, c.meanControl)} (n = {c.nControl})
          </td>
          <td>
            {formatValue(c.metric, c.meanTreatment)} (n = {c.nTreatment})
          </td>
          <td>{formatValue(c.metric, c.difference, 'difference')}</td>
          <td>{formatInterval(c.metric, c.sequential.confidenceSequence)}</td>
          <td>{formatP(c.sequential.pValue)}</td>
          <td>
            <strong>{VERDICTS[c.verdict] ?? c.verdict}</strong>
          </td>
          <td>{c.fixedHorizon ? `${formatInterval(c.metric, c.fixedHorizon.ci)} (p ${formatP(c.fixedHorizon.pValue)})` : '—'}</td>
        </tr>
      ))}
    </TableRegion>
  );
}
