/** Each arm of a live experiment: its weight and share, generations, error rate, mean latency and cost, and score means with counts. */
import { formatValue } from './experimentFormat.ts';
import type { ArmResult } from './types.ts';
import { TableRegion } from '../../components/TableRegion.tsx';

export function ArmsTable({ arms }: { arms: ArmResult[] }) {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  return (
    <TableRegion label="Arms" caption="Arms" columns={['Version', 'Weight', 'Generations', 'Error rate', 'Mean latency', 'Mean cost', 'Scores (mean, count)']}>
      {arms.map((arm) => (
        <tr key={arm.versionId}>
          <th scope="row">
            v{arm.versionNumber}
            {arm.isControl ? ' (control)' : ''}
          </th>
          <td>
            {arm.weight} ({Math.round((arm.weight / total) * 1000) / 10}%)
          </td>
          <td>{arm.generations}</td>
          <td>
            {formatValue('errorRate', arm.errorRate)} ({arm.errors} errors)
          </td>
          <td>{formatValue('latencyMs', arm.latencyMeanMs)}</td>
          <td>
            {formatValue('costUsd', arm.costMeanUsd)} (n = {arm.costCount})
          </td>
          <td>{arm.scores.length ? arm.scores.map((s) => `${s.name}: ${s.mean.toFixed(2)} (n = ${s.count})`).join('; ') : 'none'}</td>
        </tr>
      ))}
    </TableRegion>
  );
}
