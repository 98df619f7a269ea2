/**
 * A prompt's label history, newest first: who moved which label when, from where to where, how and
 * why. The latest move of each label can be rolled back by whoever may move that label directly.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { actorName, formatTarget, formatWhen, viaName } from '../../components/labelFormat.ts';
import { ActionError, ErrorState, Loading } from '../../components/States.tsx';
import { mayMoveLabel, type Role } from '../../roles.ts';
import { TableRegion } from '../../components/TableRegion.tsx';

export function LabelHistory({
  promptId,
  role,
  isProtected,
  onRolledBack,
}: {
  promptId: string;
  role: Role | undefined;
  isProtected: (label: string) => boolean;
  onRolledBack: () => Promise<void>;
}) {
  const client = useQueryClient();
  const history = useInfiniteQuery({
    queryKey: ['label-history', promptId],
    queryFn: ({ pageParam }) => api.governance.history.query({ id: promptId, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rollback = useMutation({
    mutationFn: (label: string) => api.governance.rollback.mutate({ id: promptId, name: label, reason: 'Rolled back in the web app' }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['label-history', promptId] });
      await onRolledBack();
    },
  });
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  // Newest first: the first entry of each label is its latest move, the one a rollback undoes.
  const latest = new Set<string>();
  const rollbackable = new Set(items.filter((item) => !latest.has(item.label) && latest.add(item.label)).map((item) => item.id));

  return (
    <section aria-labelledby="label-history-title">
      <h2 id="label-history-title">Label history</h2>
      {history.isPending ? <Loading what="the label history" /> : null}
      {history.isError ? <ErrorState error={history.error} retry={() => void history.refetch()} /> : null}
      {history.isSuccess && items.length === 0 ? <p className="meta">No label has moved yet: moves appear here with who made them and why.</p> : null}
      {items.length ? (
        <TableRegion label="Label moves" columns={['When', 'Label', 'Who', 'From', 'To', 'Via', 'Reason', 'Undo']}>
          {items.map((item) => (
            <tr key={item.id}>
              <td>{formatWhen(item.at)}</td>
              <th scope="row">{item.label}</th>
              <td>{actorName(item.actor)}</td>
              <td>{formatTarget(item.from)}</td>
              <td>{formatTarget(item.to)}</td>
              <td>{viaName(item.via)}</td>
              <td>{item.reason ?? ''}</td>
              <td>
                {rollbackable.has(item.id) && item.from !== null && mayMoveLabel(role, isProtected(item.label)) ? (
                  <ConfirmButton
                    label="Roll back"
                    name={`Roll back ${item.label}`}
                    question={`Move ${item.label} back to ${formatTarget(item.from)}?`}
                    confirmLabel="Yes, roll back"
                    disabled={rollback.isPending}
                    onConfirm={() => rollback.mutate(item.label)}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </TableRegion>
      ) : null}
      {history.hasNextPage ? (
        <button type="button" className="secondary" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          Show older moves
        </button>
      ) : null}
      <ActionError error={rollback.error} />
    </section>
  );
}
