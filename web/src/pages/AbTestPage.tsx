/**
 * One A/B test: progress while it runs (polled), each variant's figures, the verdict per metric
 * with its interval and p-value, and (for writers) choosing the winner, optionally moving
 * `production` to it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { formatDifference, formatMetric, metricName, VERDICTS } from '../components/abFormat.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { canWrite } from '../roles.ts';
import { ProjectCrumbs } from './ProjectCrumbs.tsx';
import { useWorkspaceQuery } from './workspace/useWorkspace.ts';

interface Comparison {
  metric: string;
  variantA: string;
  variantB: string;
  estimateA: number | null;
  estimateB: number | null;
  difference: number | null;
  ci: { lower: number; upper: number; level: number } | null;
  pValue: number | null;
  verdict: string;
  summary: string;
}

export function AbTestPage() {
  const { testId = '' } = useParams();
  const client = useQueryClient();
  const test = useQuery({
    queryKey: ['abtest', testId],
    queryFn: () => api.abTests.get.query({ id: testId }),
    refetchInterval: (query) => (query.state.data && ['queued', 'running'].includes(query.state.data.status) ? 1000 : false),
  });
  const workspaceId = test.data?.workspaceId;
  const workspace = useWorkspaceQuery(workspaceId);
  const [moveLabel, setMoveLabel] = useState(true);
  const choose = useMutation({
    mutationFn: (variantId: string) => api.abTests.chooseWinner.mutate({ id: testId, variantId, moveLabel: moveLabel ? 'production' : undefined }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['abtest', testId] }),
  });

  if (test.isPending) return <Loading what="the A/B test" />;
  if (test.isError) return <ErrorState error={test.error} retry={() => void test.refetch()} />;
  const data = test.data;
  const names = new Map(data.variants.map((v) => [v.id, v.name]));
  const comparisons = ((data.analysis?.comparisons as Comparison[] | undefined) ?? []).filter(
    (c) => c.verdict !== 'insufficient-data' || c.metric === data.primaryMetric,
  );
  const recommendation = data.analysis?.recommendation as { summary: string } | undefined;
  const running = data.status === 'queued' || data.status === 'running';
  const writable = canWrite(workspace.data?.role);

  return (
    <section>
      <ProjectCrumbs projectId={data.projectId} />
      <h1>{data.name}</h1>
      <p className="meta">
        Status: {data.status} · primary metric: {metricName(data.primaryMetric)} · {data.inputCount} inputs × {data.runsPerInput} run(s) per variant
      </p>
      <label className="progress">
        Progress: {data.progress.done} of {data.progress.total} runs{data.progress.failed ? ` (${data.progress.failed} failed)` : ''}
        <progress max={data.progress.total} value={data.progress.done} />
      </label>
      {data.error ? <p className="error">{data.error}</p> : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Variants">
        <table className="runs">
          <caption>Variants</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Model</th>
              <th scope="col">Runs</th>
              <th scope="col">Success rate</th>
              <th scope="col">Latency p50</th>
              <th scope="col">Cost per run</th>
              {writable && !running ? <th scope="col">Winner</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.variants.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  {v.name}
                  {data.winner?.variantId === v.id ? ' (winner)' : data.recommendedVariantId === v.id ? ' (recommended)' : ''}
                </th>
                <td>{v.model}</td>
                <td>{v.runs}</td>
                <td>{formatMetric('successRate', v.successRate)}</td>
                <td>{formatMetric('latency', v.latencyP50Ms)}</td>
                <td>{formatMetric('cost', v.meanCostUsd)}</td>
                {writable && !running ? (
                  <td>
                    <button type="button" className="secondary" disabled={choose.isPending} onClick={() => choose.mutate(v.id)}>
                      Choose {v.name}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {writable && !running ? (
        <label className="check">
          <input type="checkbox" checked={moveLabel} onChange={(e) => setMoveLabel(e.target.checked)} /> Also move the <code>production</code> label to the
          winner
        </label>
      ) : null}
      {choose.isError ? (
        <p className="error" role="alert">
          {errorMessage(choose.error)}
        </p>
      ) : null}
      {choose.isSuccess ? <p role="status">Winner chosen.</p> : null}

      <h2>Verdict</h2>
      {recommendation ? <p className="verdict">{recommendation.summary}</p> : <p className="meta">The verdict appears as runs complete.</p>}
      {comparisons.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Comparisons by metric">
          <table className="runs">
            <caption>By metric (B − A, 95% interval)</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
                <th scope="col">Difference</th>
                <th scope="col">Interval</th>
                <th scope="col">p</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {comparisons.map((c) => (
                <tr key={`${c.metric}-${c.variantA}-${c.variantB}`}>
                  <th scope="row">{metricName(c.metric)}</th>
                  <td>
                    {names.get(c.variantA) ?? c.variantA}: {formatMetric(c.metric, c.estimateA)}
                  </td>
                  <td>
                    {names.get(c.variantB) ?? c.variantB}: {formatMetric(c.metric, c.estimateB)}
                  </td>
                  <td>{formatDifference(c.metric, c.difference)}</td>
                  <td>{c.ci ? `${formatDifference(c.metric, c.ci.lower)} to ${formatDifference(c.metric, c.ci.upper)}` : '—'}</td>
                  <td>{c.pValue === null ? '—' : c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3)}</td>
                  <td>{VERDICTS[c.verdict] ?? c.verdict}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
