/** A prompt's live experiments (label splits), running and ended, each linking to its results. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { formatSplit, formatWhen } from '../../components/labelFormat.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { experimentStatus } from '../experiment/experimentFormat.ts';

export function PromptExperiments({ promptId }: { promptId: string }) {
  const experiments = useQuery({ queryKey: ['experiments', promptId], queryFn: () => api.experiments.list.query({ id: promptId, limit: 50 }) });
  return (
    <section aria-labelledby="experiments-title">
      <h2 id="experiments-title">Live experiments</h2>
      {experiments.isPending ? <Loading what="experiments" /> : null}
      {experiments.isError ? <ErrorState error={experiments.error} retry={() => void experiments.refetch()} /> : null}
      {experiments.data?.items.length === 0 ? (
        <p className="meta">No experiments yet. Split a label across versions (beside the labels) to start one on real traffic.</p>
      ) : null}
      <ul className="cards">
        {experiments.data?.items.map((experiment) => (
          <li key={experiment.id}>
            <Link to={`/experiments/${experiment.id}`}>
              {experiment.label}: {formatSplit(experiment.arms)}
            </Link>
            <span className="meta">
              {experimentStatus(experiment)} · started {formatWhen(experiment.startedAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
