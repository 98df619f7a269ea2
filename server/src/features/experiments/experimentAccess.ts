/**
 * Who may end a live experiment by hand: stopping or promoting one moves its label (back to the
 * control, or onto the winner), so the label's protection decides, as for any direct move. A
 * guardrail's stop is the system's and is not checked here.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Actor } from '../../trpc.ts';
import { assertMayMoveLabel } from '../governance/index.ts';

/**
 * FORBIDDEN, saying to ask an Admin, when `actor` may not move the experiment's protected label;
 * NOT_FOUND for an unknown experiment. `verb` is what the caller tried (`stop`, `promote`, or
 * `change the guardrails of`: a guardrail may move the label back to the control).
 */
export async function assertMayEndExperiment(
  prisma: PrismaClient,
  experimentId: string,
  actor: Actor,
  verb: 'stop' | 'promote' | 'change the guardrails of',
): Promise<void> {
  const experiment = await prisma.experiment.findUnique({ where: { id: experimentId }, select: { promptId: true, labelName: true } });
  if (!experiment) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${experimentId}'` });
  await assertMayMoveLabel(
    prisma,
    { promptId: experiment.promptId, label: experiment.labelName, actor },
    {
      action: `may ${verb} an experiment on it (that moves the label)`,
      ask: `Ask an Admin to ${verb} experiment '${experimentId}'.`,
    },
  );
}
