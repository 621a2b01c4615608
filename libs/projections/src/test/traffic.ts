import type { ParleyEvent } from '@parley/contracts';
import type { EventDraft, EventLog, StoredEvent, Version } from '@parley/eventlog';

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const actor = (id: string) => ({ kind: 'user', id }) as const;

function roomCreated(): EventDraft {
  return {
    type: 'RoomCreated',
    actor: actor('admin'),
    data: {
      categoryId: 'general',
      name: 'Test room',
      description: '',
      privacy: 'open',
      roomType: 'normal',
      invitations: 'inherit',
      addinId: null,
      disclaimer: '',
      members: [],
      managers: [],
      presenters: [],
    },
  };
}

/**
 * Appends `perRoom` events to each room, rooms in parallel: after a RoomCreated, mostly posts,
 * with edits and redactions of earlier posts (and the odd edit of a redacted one).
 */
export async function appendTraffic(log: EventLog, rooms: readonly string[], perRoom: number, random: () => number): Promise<void> {
  await Promise.all(
    rooms.map(async (room) => {
      const ref = { kind: 'room', id: room } as const;
      let version: Version = (await log.read(ref)).version;
      const posts: number[] = [];
      for (let i = 0; i < perRoom; i++) {
        const roll = random();
        const target = posts[Math.floor(random() * posts.length)];
        const author = `user${Math.floor(random() * 5)}`;
        let draft: EventDraft;
        if (version.seq === 0) draft = roomCreated();
        else if (target === undefined || roll < 0.6) draft = { type: 'MessagePosted', actor: actor(author), data: { clientMsgId: `${room}-${i}`, text: `message ${i} in ${room}`, alert: false, story: null, mentions: [] } };
        else if (roll < 0.85) draft = { type: 'MessageEdited', actor: actor(author), data: { messageSeq: target, text: `edit ${i} in ${room}` } };
        else draft = { type: 'MessageRedacted', actor: actor('moderator'), data: { messageSeq: target, reason: null } };
        const { events } = await log.append(ref, [draft], version);
        version = { seq: events[0]!.event.seq, streamSeq: events[0]!.streamSeq };
        if (draft.type === 'MessagePosted') posts.push(version.seq);
      }
    }),
  );
}

/** Every event of the rooms, as the log holds them. */
export async function readRooms(log: EventLog, rooms: readonly string[]): Promise<StoredEvent<ParleyEvent>[]> {
  const all = await Promise.all(rooms.map(async (id) => (await log.read({ kind: 'room', id })).events));
  return all.flat();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate` holds; the time limit only keeps a broken run from hanging. */
export async function until(predicate: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await sleep(20);
  }
}
