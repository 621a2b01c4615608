import { LiveClient, LookupClient, type LiveUpdate, type Session } from '@parley/sdk';
import { FailoverWorld } from './world.js';

export interface FailoverOptions {
  clients: number;
  rooms: number;
  /** What goes: the channel server holding the most sessions (SIGKILL, or SIGTERM: a drain), or one NATS node. */
  kill: 'channel' | 'drain' | 'nats';
  /** Each client posts about this often (randomised ±50 %). */
  postEveryMs: number;
  /** Posting before the kill, and after it. */
  beforeMs: number;
  afterMs: number;
  say?: (line: string) => void;
}

export interface FailoverResult {
  bench: 'failover';
  clients: number;
  kill: 'channel' | 'drain' | 'nats';
  /** Of the clients the kill disconnected: kill to back in their room (resumed). */
  reconnect_p99_ms: number;
  reconnect_max_ms: number;
  reconnected: number;
  /** Clients on the killed channel server (all clients when a NATS node is killed). */
  affected: number;
  /** Longest any room's writes waited because of the kill. */
  unavailable_ms: number;
  posts: number;
  /** Acknowledged posts missing from the log, plus deliveries a member never got. */
  lost: number;
  /** Posts stored twice, plus deliveries a member got twice. */
  duplicated: number;
  /** Members whose deliveries were not in the log's order. */
  out_of_order: number;
  /** Room events whose seq is not the next one in their room's log (the history forked). */
  forks: number;
  /** Posts refused at least once (then sent again). */
  refused: number;
}

interface Client {
  room: string;
  live: LiveClient;
  /** The channel server this client is on now. */
  instance: string | undefined;
  joinedAt: number;
  /** seqs of the room's messages as delivered, in delivery order. */
  delivered: number[];
  /** When the client was back in its room after the kill. */
  resumedAt?: number;
}

interface Post {
  room: string;
  clientMsgId: string;
  sentAt: number;
  ackedAt?: number;
  seq?: number;
  refusals?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * The failover drill: clients spread over rooms post continuously through the multi-server
 * topology; part-way, a channel server or a NATS node is SIGKILLed. Measured: how fast the
 * disconnected clients are back in their rooms (through lookup, resumed), how long any room's
 * writes waited, and, against the log, that every acknowledged post was stored once and delivered
 * once to every member, in the log's order.
 */
export async function runFailover(options: FailoverOptions): Promise<FailoverResult> {
  const say = options.say ?? (() => undefined);
  const members = Math.ceil(options.clients / options.rooms);
  let errors = 0;
  const world = await FailoverWorld.start({
    rooms: options.rooms,
    members,
    // The servers' errors and warnings, the first few of them, to explain a bad result.
    onLine: (name, line) => /^\{"level":"(error|fatal)"/.test(line) && errors++ < 5 && say(`  [${name}] ${line.slice(0, 600)}`),
  });
  const clients: Client[] = [];
  const posts: Post[] = [];
  let posting = true;
  let killedAt: number | undefined;
  let refusals = 0;
  try {
    say(`  ${world.channels.length} channel servers, lookup and 3 NATS nodes up; connecting ${options.clients} clients to ${options.rooms} rooms`);
    const startedClients = await Promise.all(
      world.rooms.flatMap((room) =>
        room.tokens.slice(0, members).map(async (token) => {
          const session = { accessToken: () => Promise.resolve(token), accessTokenAfterRefusal: () => Promise.resolve(token) } as unknown as Session;
          const lookup = new LookupClient(session, world.lookup.url);
          const client = { room: room.id, instance: undefined, joinedAt: 0, delivered: [] } as unknown as Client;
          client.live = await LiveClient.connect({
            credentials: session,
            // Through lookup on every (re)connection, away from the server just lost.
            channel: async () => {
              const target = await lookup.session(client.instance);
              client.instance = target.instanceId;
              return target.url;
            },
            reconnectMinMs: 100,
            reconnectMaxMs: 1_000,
          });
          return client;
        }),
      ),
    );
    clients.push(...startedClients);
    for (const client of clients) {
      const joined = await client.live.join(client.room);
      client.joinedAt = joined.seq;
      void follow(client, () => killedAt);
    }

    const writers = clients.map(async (client, i) => {
      await sleep(Math.random() * options.postEveryMs);
      for (let n = 0; posting; n++) {
        const post: Post = { room: client.room, clientMsgId: `c${i}-${n}`, sentAt: Date.now() };
        posts.push(post);
        // As a client does: a post refused because the service is unavailable is sent again, with
        // the same id (so it is stored once), until it is stored or 30 s have passed.
        for (const giveUpAt = Date.now() + 30_000; post.ackedAt === undefined && Date.now() < giveUpAt; ) {
          try {
            const ack = await client.live.post(client.room, `post ${n} from client ${i}`, { clientMsgId: post.clientMsgId });
            post.ackedAt = Date.now();
            post.seq = ack.seq;
          } catch (error) {
            post.refusals = (post.refusals ?? 0) + 1;
            if (post.refusals === 1 && refusals++ < 5) say(`  post ${post.clientMsgId} refused, sending again: ${(error as Error).message}`);
            await sleep(250);
          }
        }
        await sleep(options.postEveryMs * (0.5 + Math.random()));
      }
    });

    await sleep(options.beforeMs);
    const bySessions = new Map<string, number>();
    for (const c of clients) if (c.instance) bySessions.set(c.instance, (bySessions.get(c.instance) ?? 0) + 1);
    let victims: Client[] = [];
    if (options.kill === 'channel' || options.kill === 'drain') {
      const [busiest] = [...bySessions.entries()].sort((a, b) => b[1] - a[1])[0]!;
      victims = clients.filter((c) => c.instance === busiest);
      const server = world.channels.find((c) => c.id === busiest)!.process;
      say(`  ${options.kill === 'channel' ? 'SIGKILL' : 'SIGTERM (drain)'} ${busiest} (${victims.length} sessions)`);
      killedAt = Date.now();
      if (options.kill === 'channel') await server.crash();
      else void server.stop();
    } else {
      // No channel server dies: any client that does lose its connection counts.
      victims = clients;
      say('  SIGKILL NATS node 2 of 3');
      killedAt = Date.now();
      await world.cluster.nodes[1]!.crash();
    }
    await sleep(options.afterMs);
    posting = false;
    await Promise.all(writers);

    // Quiesce: every member has everything the log has (or 60 s pass).
    const expected = new Map<string, number[]>();
    for (const room of world.rooms) {
      const { events } = await world.log.read({ kind: 'room', id: room.id });
      expected.set(room.id, events.filter((s) => s.event.type === 'MessagePosted').map((s) => s.event.seq));
    }
    const complete = (c: Client) => new Set(c.delivered).size >= expected.get(c.room)!.filter((seq) => seq > c.joinedAt).length;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !clients.every(complete); ) await sleep(100);

    // Against the log: acknowledged posts stored once; every member got every message once, in order.
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    const stored = new Map<string, number>();
    let forks = 0;
    for (const room of world.rooms) {
      const { events } = await world.log.read({ kind: 'room', id: room.id });
      // Every room's history stays linear: seqs 1, 2, 3... each once.
      forks += events.filter((s, i) => s.event.seq !== i + 1).length;
      for (const s of events) {
        if (s.event.type !== 'MessagePosted') continue;
        const id = (s.event.data as { clientMsgId: string }).clientMsgId;
        stored.set(id, (stored.get(id) ?? 0) + 1);
      }
    }
    for (const post of posts) {
      const count = stored.get(post.clientMsgId) ?? 0;
      if (post.ackedAt !== undefined && count === 0) lost++;
      if (count > 1) duplicated += count - 1;
    }
    for (const client of clients) {
      const want = expected.get(client.room)!.filter((seq) => seq > client.joinedAt);
      const got = new Set(client.delivered);
      duplicated += client.delivered.length - got.size;
      lost += want.filter((seq) => !got.has(seq)).length;
      const order = client.delivered.filter((seq, i, all) => all.indexOf(seq) === i);
      if (order.some((seq, i) => i > 0 && seq < order[i - 1]!)) outOfOrder++;
    }

    const kill = killedAt!;
    const reconnects = victims.flatMap((c) => (c.resumedAt !== undefined ? [c.resumedAt - kill] : []));
    const waits = posts.filter((p) => p.ackedAt !== undefined && p.ackedAt >= kill).map((p) => p.ackedAt! - Math.max(p.sentAt, kill));
    const unacked = posts.filter((p) => p.ackedAt === undefined).length;
    if (unacked) say(`  ${unacked} posts were never acknowledged`);
    return {
      bench: 'failover',
      clients: clients.length,
      kill: options.kill,
      reconnect_p99_ms: percentile(reconnects, 99),
      reconnect_max_ms: reconnects.length ? Math.max(...reconnects) : 0,
      reconnected: reconnects.length,
      affected: victims.length,
      unavailable_ms: waits.length ? Math.max(...waits) : 0,
      posts: posts.length,
      lost: lost + unacked,
      duplicated,
      out_of_order: outOfOrder,
      forks,
      refused: posts.filter((p) => p.refusals).length,
    };
  } finally {
    posting = false;
    await Promise.all(clients.map((c) => c.live.close().catch(() => undefined)));
    await world.stop();
  }
}

/** Records a client's deliveries, and when it is back in its room after the kill. */
async function follow(client: Client, killedAt: () => number | undefined): Promise<void> {
  for await (const update of client.live.updates() as AsyncIterable<LiveUpdate>) {
    if (update.type === 'event' && update.room === client.room && update.event.type === 'MessagePosted' && update.seq > client.joinedAt) client.delivered.push(update.seq);
    const kill = killedAt();
    if (update.type === 'joined' && update.resumed && kill !== undefined && client.resumedAt === undefined) client.resumedAt = Date.now();
  }
}
