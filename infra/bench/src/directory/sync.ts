import type { DirectorySyncResult, ParleyEvent } from '@parley/contracts';
import { DirectoryReader, planSync } from '@parley/directory';
import type { StoredEvent } from '@parley/eventlog';
import type { World } from './world.js';

export interface SyncMeasure {
  result: DirectorySyncResult;
  /** From the request until the sync's last write is visible through the API. */
  syncMs: number;
  /** Request → the sync's first append (the service reading LDAP and planning). */
  beforeFirstAppendMs: number;
  /** The sync's first append → its last. */
  appendsMs: number;
  /** The sync's last append → the answer to the request. */
  answerMs: number;
  /** The answer → the last write visible through the API. */
  catchUpMs: number;
  /** The same read and plan, done again in the bench process with the same library and settings. */
  benchReadMs: number;
  benchPlanMs: number;
  events: number;
  /** Users and groups listed by the API once it caught up, counted page by page. */
  listedUsers: number;
  listedGroups: number;
}

const at = (stored: StoredEvent) => Date.parse(stored.event.occurredAt);

/**
 * A marker for "the projection has applied this event", checked through the API. The projection
 * applies the log in order, so once it shows the sync's last user or group write, it shows all of them.
 */
function visibility(stored: StoredEvent): ((world: World) => Promise<boolean>) | undefined {
  const event = stored.event as ParleyEvent;
  switch (event.type) {
    case 'UserProvisioned':
      return async ({ api }) => (await api.call('GET', `/v1/users/${event.aggregateId}`)).status === 200;
    case 'GroupProvisioned':
      return async ({ api }) => (await api.call('GET', `/v1/groups/${event.aggregateId}`)).status === 200;
    case 'GroupMembersAdded': {
      const member = event.data.members.at(-1)!;
      return async ({ api }) => {
        const reply = await api.call<{ members?: { kind: string; id: string }[] }>('GET', `/v1/groups/${event.aggregateId}`);
        return reply.status === 200 && !!reply.body.members?.some((m) => m.kind === member.kind && m.id === member.id);
      };
    }
    default:
      return undefined;
  }
}

async function countPages(world: World, path: string): Promise<number> {
  let count = 0;
  let after: string | null = null;
  do {
    const page: { items: unknown[]; next: string | null } = await world.api.expect(200, 'GET', `${path}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    count += page.items.length;
    after = page.next;
  } while (after);
  return count;
}

/**
 * A full sync through the API (`POST /v1/directory/sync {full:true}`), timed until its last user
 * or group write is visible through the API. Its phases come from the log: each event carries the
 * time it was appended (same machine, same clock).
 */
export async function measureSync(world: World): Promise<SyncMeasure> {
  const { api, log } = world;
  const before = await log.head('chat');
  const requestedAt = Date.now();
  const started = performance.now();
  const result = await api.expect<DirectorySyncResult>(200, 'POST', '/v1/directory/sync', { full: true });
  const answered = performance.now();
  const head = await log.head('chat');
  const first = await log.get('chat', before + 1);
  const synced = await log.get('chat', head);
  if (synced.event.type !== 'DirectorySynced') throw new Error(`expected DirectorySynced last, found ${synced.event.type}: something else writes to the log`);
  const last = await log.get('chat', head - 1);
  let visible = visibility(last);
  for (let seq = head - 2; !visible && seq > before; seq--) visible = visibility(await log.get('chat', seq));
  if (!visible) throw new Error('the sync wrote no user or group');
  while (!(await visible(world))) await new Promise((resolve) => setTimeout(resolve, 10));
  const syncMs = performance.now() - started;

  const listedUsers = await countPages(world, '/v1/users?source=directory&limit=500');
  const listedGroups = await countPages(world, '/v1/groups?limit=500');

  const reader = new DirectoryReader(world.directory);
  let t = performance.now();
  const read = await reader.readAll();
  const benchReadMs = performance.now() - t;
  t = performance.now();
  planSync({ users: new Map(), groups: new Map(), ous: new Map() }, read);
  const benchPlanMs = performance.now() - t;

  return {
    result,
    syncMs,
    beforeFirstAppendMs: at(first) - requestedAt,
    appendsMs: at(last) - at(first),
    answerMs: requestedAt + (answered - started) - at(last),
    catchUpMs: syncMs - (answered - started),
    benchReadMs,
    benchPlanMs,
    events: head - before,
    listedUsers,
    listedGroups,
  };
}
