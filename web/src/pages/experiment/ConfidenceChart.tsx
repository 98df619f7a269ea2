/**
 * The always-valid confidence sequence of one treatment arm and metric over the experiment's looks
 * (stored snapshots): the interval narrows as generations arrive, and a verdict is reached when it
 * leaves zero. The same looks are in a table under the chart.
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { ChartCanvas } from '../../components/ChartCanvas.tsx';
import { formatInterval, formatP, formatValue, metricName } from './experimentFormat.ts';
import type { Series } from './types.ts';
import { TableRegion } from '../../components/TableRegion.tsx';

/** Rates are drawn in percentage points, other metrics in their own unit. */
const scale = (metric: string, value: number) => (metric === 'errorRate' ? value * 100 : value);

export function ConfidenceChart({ series, versionNames }: { series: Series[]; versionNames: Map<string, string> }) {
  const withLooks = series.filter((s) => s.points.length > 0);
  const [chosen, setChosen] = useState(0);
  const shown = withLooks[Math.min(chosen, withLooks.length - 1)];
  const config = useMemo<ChartConfiguration | undefined>(() => {
    if (!shown) return undefined;
    const labels = shown.points.map((p) => `${new Date(p.at).toLocaleTimeString()} (n ${p.nControl}/${p.nTreatment})`);
    const line = (label: string, data: number[], color: string, fill: boolean | string = false) => ({
      label,
      data,
      borderColor: color,
      backgroundColor: 'rgba(5, 80, 174, 0.12)',
      fill,
      pointRadius: 3,
    });
    return {
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'Upper bound',
            shown.points.map((p) => scale(shown.metric, p.upper)),
            '#0550ae',
          ),
          line(
            'Lower bound',
            shown.points.map((p) => scale(shown.metric, p.lower)),
            '#0550ae',
            '-1',
          ),
          line(
            'Difference',
            shown.points.map((p) => scale(shown.metric, p.difference)),
            '#953800',
          ),
          line(
            'No difference',
            shown.points.map(() => 0),
            '#6e7781',
          ),
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    };
  }, [shown]);

  if (!shown || !config) {
    return <p className="meta">No look has counted yet: the chart starts once each arm has its minimum number of generations.</p>;
  }
  const name = (s: Series) => `${versionNames.get(s.versionId) ?? s.versionId}, ${metricName(s.metric)}`;
  const last = shown.points.at(-1)!;
  return (
    <>
      <label className="search">
        Comparison shown
        <select name="series" value={withLooks.indexOf(shown)} onChange={(e) => setChosen(Number(e.target.value))}>
          {withLooks.map((s, index) => (
            <option key={`${s.versionId}-${s.metric}`} value={index}>
              {name(s)}
            </option>
          ))}
        </select>
      </label>
      <ChartCanvas
        config={config}
        summary={`Confidence sequence of ${name(shown)} over ${shown.points.length} looks; latest ${formatInterval(shown.metric, last)}`}
      />
      <details>
        <summary>The looks as a table</summary>
        <TableRegion label="Looks" columns={['When', 'Generations (control / treatment)', 'Difference', 'Always-valid interval', 'p']}>
          {shown.points.map((p) => (
            <tr key={p.at}>
              <td>{new Date(p.at).toLocaleString()}</td>
              <td>
                {p.nControl} / {p.nTreatment}
              </td>
              <td>{formatValue(shown.metric, p.difference, 'difference')}</td>
              <td>{formatInterval(shown.metric, p)}</td>
              <td>{formatP(p.pValue)}</td>
            </tr>
          ))}
        </TableRegion>
      </details>
    </>
  );
}
