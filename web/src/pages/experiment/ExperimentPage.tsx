/**
 * One live experiment: its arms with their weights and figures, each treatment's verdict against
 * the control (always-valid sequential test, the fixed-horizon test beside it), the confidence
 * sequence over time, its guardrails (changed here while it runs), and Stop / Promote. Results are read again
 * every 15 s while it runs (each read evaluates the experiment afresh).
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api.ts';
import { formatWhen } from '../../components/labelFormat.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useProtectedLabels } from '../prompt/useProtectedLabels.ts';
import { ArmsTable } from './ArmsTable.tsx';
import { ComparisonsTable } from './ComparisonsTable.tsx';
import { ConfidenceChart } from './ConfidenceChart.tsx';
import { ExperimentActions } from './ExperimentActions.tsx';
import { GuardrailsForm } from './GuardrailsForm.tsx';
import { experimentStatus, formatValue } from './experimentFormat.ts';
import type { ExperimentResults } from './types.ts';
import { ProjectCrumbs } from '../ProjectCrumbs.tsx';
import { useWorkspaceQuery } from '../workspace/useWorkspace.ts';
import { mayMoveLabel } from '../../roles.ts';

export function ExperimentPage() {
  const { experimentId = '' } = useParams();
  const experiment = useQuery({ queryKey: ['experiment', experimentId], queryFn: () => api.experiments.get.query({ id: experimentId }) });
  const running = experiment.data?.status === 'RUNNING';
  const results = useQuery({
    queryKey: ['experiment-results', experimentId],
    queryFn: () => api.experimentResults.results.query({ id: experimentId }),
    refetchInterval: running ? 15_000 : false,
  });
  const promptId = experiment.data?.promptId;
  const prompt = useQuery({
    queryKey: ['prompt', promptId, undefined],
    queryFn: () => api.prompts.get.query({ id: promptId! }),
    enabled: promptId !== undefined,
  });
  const workspaceId = prompt.data?.workspaceId;
  const workspace = useWorkspaceQuery(workspaceId);
  const governed = useProtectedLabels(prompt.data?.projectId);

  if (experiment.isPending) return <Loading what="the experiment" />;
  if (experiment.isError) return <ErrorState error={experiment.error} retry={() => void experiment.refetch()} />;
  const data = experiment.data;
  const promptName = prompt.data?.name ?? 'the prompt';

  return (
    <section>
      <ProjectCrumbs projectId={prompt.data?.projectId}>
        <Link to={`/prompts/${data.promptId}`}>{promptName}</Link>
      </ProjectCrumbs>
      <h1>
        Experiment on {data.label} of {promptName}
      </h1>
      <p className="meta">
        {experimentStatus(data)} · started {formatWhen(data.startedAt)}
        {data.endedAt ? ` · ended ${formatWhen(data.endedAt)}` : ''} · control v{data.controlVersion} ·{' '}
        {data.stickyBy ? `sticky by ${data.stickyBy}` : 'assigned per call'}
      </p>
      {running && workspace.data && governed.ready ? (
        <ExperimentActions
          experimentId={experimentId}
          label={data.label}
          controlVersion={data.controlVersion}
          versions={data.arms.map((arm) => arm.version)}
          role={workspace.data.role}
          isProtected={governed.isProtected(data.label)}
        />
      ) : null}
      {results.isPending ? <Loading what="the results" /> : null}
      {results.isError ? <ErrorState error={results.error} retry={() => void results.refetch()} /> : null}
      {results.data ? (
        <Results
          results={results.data}
          guardrailsEditor={
            running && workspace.data && governed.ready && mayMoveLabel(workspace.data.role, governed.isProtected(data.label)) ? (
              <GuardrailsForm experimentId={experimentId} settings={results.data.settings} />
            ) : null
          }
        />
      ) : null}
    </section>
  );
}

function Results({ results, guardrailsEditor }: { results: ExperimentResults; guardrailsEditor: ReactNode }) {
  const names = new Map(results.arms.map((arm) => [arm.versionId, `v${arm.versionNumber}`]));
  const counted = results.comparisons.filter((c) => c.verdict !== 'insufficient-data');
  const { settings } = results;
  return (
    <>
      <ArmsTable arms={results.arms} />
      <h2>Verdict</h2>
      {counted.length ? (
        <ul className="plain verdicts">
          {counted.map((c) => (
            <li key={`${c.versionId}-${c.metric}`} className={c.verdict === 'better' || c.verdict === 'worse' ? 'verdict' : undefined}>
              {c.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p className="meta">
          Not enough data yet: each arm needs {settings.minSamplePerArm} generations before a verdict. Log generations with the SDK (it sends the experiment and
          arm), then come back; the page reads the results again every 15 s.
        </p>
      )}
      {results.comparisons.length ? <ComparisonsTable comparisons={results.comparisons} level={1 - settings.alpha} /> : null}
      <h2>Confidence sequence over time</h2>
      <ConfidenceChart series={results.series} versionNames={names} />
      <h2>Guardrails</h2>
      <dl className="facts">
        <dt>Significance (alpha)</dt>
        <dd>{settings.alpha}</dd>
        <dt>Generations per arm before any verdict</dt>
        <dd>{settings.minSamplePerArm}</dd>
        <dt>Stops when the error rate is surely higher by more than</dt>
        <dd>{settings.maxErrorRateIncrease === null ? 'off' : formatValue('errorRate', settings.maxErrorRateIncrease, 'threshold')}</dd>
        <dt>Stops when the mean latency is surely higher by more than</dt>
        <dd>{settings.maxLatencyIncreaseMs === null ? 'off' : formatValue('latencyMs', settings.maxLatencyIncreaseMs, 'threshold')}</dd>
      </dl>
      <p className="meta">
        A guardrail that trips stops the experiment and points its label back at the control. Whoever may move the label can change the thresholds while it
        runs; the significance level stays as the experiment started.
      </p>
      {guardrailsEditor}
    </>
  );
}
