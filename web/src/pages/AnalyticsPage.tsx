/** A workspace's analytics: the dashboard figures, spend by day, model and prompt, and performance by model. */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { BarChart } from '../components/BarChart.tsx';
import { formatUsd } from '../components/RunPanel.tsx';
import { ErrorState, Loading } from '../components/States.tsx';

const PERIODS = [7, 30, 90] as const;
/** Test runs (editor, datasets, A/B tests), production generations logged by applications, or both. */
const SOURCES = [
  ['test', 'Test runs'],
  ['production', 'Production'],
  ['all', 'Both'],
] as const;
type Source = (typeof SOURCES)[number][0];

const pct = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);

export function AnalyticsPage() {
  const { workspaceId = '' } = useParams();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [source, setSource] = useState<Source>('test');
  const filter = useMemo(() => ({ workspaceId, source, from: new Date(Date.now() - days * 86_400_000).toISOString() }), [workspaceId, days, source]);
  const dashboard = useQuery({ queryKey: ['analytics', 'dashboard', filter], queryFn: () => api.analytics.dashboard.query(filter) });
  const costs = useQuery({ queryKey: ['analytics', 'costs', filter], queryFn: () => api.analytics.costs.query(filter) });
  const performance = useQuery({ queryKey: ['analytics', 'performance', filter], queryFn: () => api.analytics.performance.query(filter) });

  return (
    <section>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Workspaces</Link> / <Link to={`/workspaces/${workspaceId}`}>Workspace</Link>
      </nav>
      <h1>Analytics</h1>
      <label className="search">
        Period
        <select name="period" value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof PERIODS)[number])}>
          {PERIODS.map((d) => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
        </select>
      </label>
      <fieldset className="inline">
        <legend>Traffic</legend>
        {SOURCES.map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {dashboard.isPending ? <Loading what="the dashboard" /> : null}
      {dashboard.isError ? <ErrorState error={dashboard.error} retry={() => void dashboard.refetch()} /> : null}
      {dashboard.data ? (
        <dl className="tiles">
          <div>
            <dt>Runs</dt>
            <dd>{dashboard.data.runs}</dd>
          </div>
          <div>
            <dt>Success rate</dt>
            <dd>{pct(dashboard.data.successRate)}</dd>
          </div>
          <div>
            <dt>Spend</dt>
            <dd>{formatUsd(dashboard.data.spendUsd + dashboard.data.judgeSpendUsd)}</dd>
          </div>
          <div>
            <dt>Latency p50 / p95</dt>
            <dd>
              {ms(dashboard.data.latency.p50Ms)} / {ms(dashboard.data.latency.p95Ms)}
            </dd>
          </div>
          <div>
            <dt>Active prompts</dt>
            <dd>
              {dashboard.data.activePrompts} of {dashboard.data.prompts}
            </dd>
          </div>
        </dl>
      ) : null}

      <h2>Spend</h2>
      {costs.isPending ? <Loading what="costs" /> : null}
      {costs.isError ? <ErrorState error={costs.error} /> : null}
      {costs.data ? (
        <>
          <p className="meta">
            {formatUsd(costs.data.totalUsd)} in the period
            {costs.data.trend.changePct === null
              ? ''
              : ` (${costs.data.trend.changePct >= 0 ? '+' : ''}${costs.data.trend.changePct.toFixed(0)}% on the period before)`}
            ; this month so far {formatUsd(costs.data.projection.monthToDateUsd)}, projected {formatUsd(costs.data.projection.projectedUsd)}.
          </p>
          {costs.data.byDay.length ? (
            <BarChart
              label="Spend (USD)"
              labels={costs.data.byDay.map((row) => row.day)}
              values={costs.data.byDay.map((row) => row.costUsd + row.judgeCostUsd)}
              summary={`Spend by day over the last ${days} days, ${formatUsd(costs.data.totalUsd)} in all`}
            />
          ) : (
            <p className="state empty">No spend in this period: run a prompt to see it here.</p>
          )}
          <Table
            caption="Spend by model"
            head={['Model', 'Runs', 'Spend']}
            rows={costs.data.byModel.map((row) => [row.model, String(row.runs), formatUsd(row.costUsd + row.judgeCostUsd)])}
          />
          <Table
            caption="Spend by prompt"
            head={['Prompt', 'Runs', 'Spend']}
            rows={costs.data.byPrompt.map((row) => [row.name ?? row.promptId, String(row.runs), formatUsd(row.costUsd + row.judgeCostUsd)])}
          />
        </>
      ) : null}

      <h2>Performance</h2>
      {performance.isPending ? <Loading what="performance" /> : null}
      {performance.isError ? <ErrorState error={performance.error} /> : null}
      {performance.data ? (
        <Table
          caption={`Performance by model (percentiles: ${performance.data.percentileMethod})`}
          head={['Model', 'Runs', 'Error rate', 'p50', 'p95', 'p99', 'Avg cost']}
          rows={performance.data.byModel.map((row) => [
            row.model,
            String(row.runs),
            pct(row.errorRate),
            ms(row.p50Ms),
            ms(row.p95Ms),
            ms(row.p99Ms),
            row.avgCostUsd === null ? '—' : formatUsd(row.avgCostUsd),
          ])}
        />
      ) : null}
    </section>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="runs">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
