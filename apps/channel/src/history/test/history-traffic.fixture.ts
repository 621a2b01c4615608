import { CATEGORY_TREE_ID, type Principal } from '@parley/contracts';
import type { EventDraft, EventLog, Version } from '@parley/eventlog';

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

/** Words the generated messages are made of, so searches have something to find. */
export const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett'];

const actor = (id: string) => ({ kind: 'user', id }) as const;
const admin = actor('admin');
const user = (id: string): Principal => ({ kind: 'user', id });

export interface TrafficWorld {
  log: EventLog;
  categories: readonly string[];
  rooms: readonly string[];
  /** Each room draws from its own generator, seeded from this, whatever the interleaving. */
  seed: number;
}

/** Appends to the category tree, one writer at a time (the tree is one aggregate). */
class Tree {
  private version: Version | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: EventLog) {}

  append(draft: EventDraft): Promise<void> {
    const run = this.queue.then(async () => {
      const ref = { kind: 'category', id: CATEGORY_TREE_ID } as const;
      this.version ??= (await this.log.read(ref)).version;
      this.version = (await this.log.append(ref, [draft], this.version)).version;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Creates the categories: the first keeps chat history, the others start with it off. */
export async function createCategories(world: TrafficWorld): Promise<Tree> {
  const tree = new Tree(world.log);
  for (const [i, categoryId] of world.categories.entries()) {
    await tree.append({
      type: 'CategoryCreated',
      actor: admin,
      data: { categoryId, name: categoryId, description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: { invitations: true, fileUpload: true, chatHistory: i === 0 } },
    });
  }
  return tree;
}

function roomCreated(categoryId: string): EventDraft {
  return {
    type: 'RoomCreated',
    actor: admin,
    data: { categoryId, name: 'Room', description: '', privacy: 'closed', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [user('u0')], managers: [], presenters: [] },
  };
}

/**
 * Appends `perRoom` events to each room, rooms in parallel: after RoomCreated, mostly posts (some
 * stories and alerts, some files), and edits, redactions, removals and clears of earlier posts, role changes,
 * moves between categories, disabling, and chat history turned on and off in categories.
 */
export async function appendHistoryTraffic(world: TrafficWorld, tree: Tree, perRoom: number): Promise<void> {
  const { log, categories } = world;
  await Promise.all(
    world.rooms.map(async (room, r) => {
      const random = seededRandom(world.seed + r);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const sentence = () => Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(WORDS)).join(' ');
      const ref = { kind: 'room', id: room } as const;
      let version: Version = (await log.read(ref)).version;
      const posts: number[] = [];
      let disabled = false;
      for (let i = 0; i < perRoom; i++) {
        const roll = random();
        const target = posts.length ? pick(posts) : undefined;
        const author = actor(`u${Math.floor(random() * 4)}`);
        let draft: EventDraft;
        if (version.seq === 0) draft = roomCreated(categories[r % categories.length]!);
        else if (roll < 0.03) {
          await tree.append({ type: 'CategorySettingsChanged', actor: admin, data: { categoryId: pick(categories), changes: { chatHistory: random() < 0.6 } } });
          continue;
        } else if (roll < 0.07) {
          const caption = random() < 0.5 ? `caption ${pick(WORDS)}` : null;
          draft = { type: 'FilePosted', actor: author, data: { fileId: `f${room}${i}`, name: `${pick(WORDS)}-report.pdf`, size: 1000 + i, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption } };
        } else if (target === undefined || roll < 0.6) {
          const story = random() < 0.1 ? { title: `story ${pick(WORDS)}`, body: sentence() } : null;
          draft = { type: 'MessagePosted', actor: author, data: { clientMsgId: `${room}-${i}`, text: `${sentence()} ${i}`, alert: random() < 0.1, story, mentions: [] } };
        } else if (roll < 0.75) draft = { type: 'MessageEdited', actor: author, data: { messageSeq: target, text: `edited ${sentence()}` } };
        else if (roll < 0.82) draft = { type: 'MessageRedacted', actor: author, data: { messageSeq: target, reason: null } };
        else if (roll < 0.87) {
          const seqs = [...new Set([target, pick(posts), pick(posts)])];
          draft = { type: 'MessagesRemoved', actor: admin, data: { messageSeqs: seqs, replacement: '[removed]', filter: { authorId: null, contains: null, fromSeq: null, toSeq: null } } };
        } else if (roll < 0.89) draft = { type: 'HistoryCleared', actor: admin, data: { upToSeq: target } };
        else if (roll < 0.93) {
          const [added, removed] = random() < 0.5 ? [[user(`u${i % 4}`)], []] : [[], [user(`u${i % 4}`)]];
          draft = { type: 'RoomRolesChanged', actor: admin, data: { role: 'members', added, removed } };
        } else if (roll < 0.96) draft = { type: 'RoomUpdated', actor: admin, data: { changes: { categoryId: pick(categories), name: `Room ${i}` } } };
        else {
          draft = { type: disabled ? 'RoomEnabled' : 'RoomDisabled', actor: admin, data: {} };
          disabled = !disabled;
        }
        const { events } = await log.append(ref, [draft], version);
        version = { seq: events[0]!.event.seq, streamSeq: events[0]!.streamSeq };
        if (draft.type === 'MessagePosted' || draft.type === 'FilePosted') posts.push(version.seq);
      }
    }),
  );
}
