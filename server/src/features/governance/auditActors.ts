/** Turns the actor ids stored on audit entries and label requests into who they were (name, email, key name), in two reads. */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { ActorOutput } from './governanceSchemas.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/** The stored actor columns of an entry: a user, an API key, or neither (the system). */
export interface ActorIds {
  userId: string | null;
  keyId: string | null;
}

/** Reads every user and key named in `entries` once and returns a function describing each entry's actor. */
export async function actorDescriber(db: Db, entries: ActorIds[]): Promise<(ids: ActorIds) => ActorOutput> {
  const userIds = [...new Set(entries.flatMap((e) => (e.userId ? [e.userId] : [])))];
  const keyIds = [...new Set(entries.flatMap((e) => (e.keyId ? [e.keyId] : [])))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const keyById = new Map(keys.map((k) => [k.id, k]));
  return ({ userId, keyId }) => {
    if (userId) {
      const user = userById.get(userId);
      return { kind: 'user', id: userId, name: user?.name ?? null, email: user?.email ?? null };
    }
    if (keyId) return { kind: 'apiKey', id: keyId, name: keyById.get(keyId)?.name ?? null };
    return { kind: 'system' };
  };
}
