import { KeyRing, KvKeyStore, TokenIssuer } from '@parley/auth';
import { CATEGORY_TREE_ID, type ParleyEvent } from '@parley/contracts';
import { NO_VERSION, type EventDraft, type EventLog, type Version } from '@parley/eventlog';
import type { NatsConnection } from '@nats-io/transport-node';

export interface SeededRoom {
  id: string;
  /** An access token per member session. */
  tokens: string[];
}

const system = { kind: 'system', id: 'bench' } as const;
const draft = (type: ParleyEvent['type'], data: unknown) => ({ type, actor: system, data }) as unknown as EventDraft;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * Writes a load test's world straight to the log, as an importer would: users, one category open
 * to everyone, and open rooms of the given sizes; then mints an access token per session with the
 * key ring every service verifies against. No passwords, no admin API: seeding 6,000 users through
 * argon2 would take minutes and measure nothing of interest.
 */
export async function seedFanout(nc: NatsConnection, log: EventLog, namespace: string, roomSizes: readonly number[], replicas = 1): Promise<SeededRoom[]> {
  const users = roomSizes.reduce((n, size) => n + size, 0);
  const userIds = Array.from({ length: users }, (_, i) => `bench-u${i}`);
  await inParallel(userIds, 256, (id) =>
    log.append({ kind: 'user', id }, [draft('UserProvisioned', { source: 'local', username: id, displayName: id, email: '', externalId: null, dn: null, ouDn: null, enabled: true })], NO_VERSION),
  );
  const tree = { kind: 'category', id: CATEGORY_TREE_ID } as const;
  let treeVersion: Version = (await log.read(tree)).version;
  const categoryId = 'bench-category';
  treeVersion = (
    await log.append(tree, [draft('CategoryCreated', { categoryId, name: `Load ${Date.now()}`, description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: { invitations: false, fileUpload: true, chatHistory: true } })], treeVersion)
  ).version;
  const rooms = roomSizes.map((size, i) => ({ id: `bench-r${i}`, size }));
  for (const room of rooms) {
    treeVersion = (await log.append(tree, [draft('RoomRegistered', { roomId: room.id, categoryId, name: `Room ${room.id}` })], treeVersion)).version;
  }
  await inParallel(rooms, 64, (room) =>
    log.append(
      { kind: 'room', id: room.id },
      [draft('RoomCreated', { categoryId, name: `Room ${room.id}`, description: '', privacy: 'open', roomType: 'normal', invitations: 'off', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] })],
      NO_VERSION,
    ),
  );
  const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace, replicas }), { maxTokenLifetimeMs: 3_600_000 });
  await ring.ensureKeys();
  const issuer = new TokenIssuer(ring, { issuer: 'parley' });
  let user = 0;
  const seeded: SeededRoom[] = [];
  for (const room of rooms) {
    const tokens: string[] = [];
    for (let i = 0; i < room.size; i++) {
      const id = userIds[user++]!;
      tokens.push(await issuer.issue({ sub: id, name: id, roles: [], sid: `s${user}` }, { ttlSeconds: 3_600 }));
    }
    seeded.push({ id: room.id, tokens });
  }
  return seeded;
}
