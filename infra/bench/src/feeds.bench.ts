import { parseArgs } from 'node:util';
import type { ParleyEvent, Principal } from '@parley/contracts';
import { EngagementState, type People } from '@parley/domain';

const HELP = `npm run bench -- feeds [--users 100000] [--filters 500000] [--rooms 2000] [--rate 1000] [--seconds 10]

Topic feed matching as every channel server does it: ONE EngagementState (the fold of the chat
log) holding --filters filters of --users users, built through FeedFilterAdded events, then
MessagePosted events of 20 words (from a Zipf-distributed vocabulary of 50,000 words) offered at
--rate posts/s for --seconds across --rooms rooms (one in ten closed, readable by its members only).
Each post is applied exactly as the channel's follower applies it: unread counts, mentions, and
one index lookup over all filters, then the room access rule for each candidate.
Filters: 80% one or two keywords, 10% a two-word phrase, 10% "from" an author (of 1,000); keywords
are the words people watch for (ranks 500 and rarer: names, products, incidents), not "the" or "and".
  match_p99_ms            the 99th percentile time to apply one post, matching included
  feed_deliveries_per_s   feed matches produced per second (each one is a \`feed\` frame)
Last line: {"bench":"feeds","users","filters","posts_per_s","match_p99_ms","feed_deliveries_per_s"}`;

const VOCABULARY = 50_000;
const WORDS_PER_POST = 20;

/** A deterministic pseudo-random source, so runs compare. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word ranks drawn with Zipf's law (s = 1): a few words are everywhere, most are rare. */
function zipf(rand: () => number, n: number): () => number {
  const harmonic = Math.log(n) + 0.5772;
  return () => Math.min(n - 1, Math.floor(Math.exp(rand() * harmonic)) - 1);
}

const word = (rank: number) => `w${rank.toString(36)}`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

export async function benchFeeds(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '100000' },
      filters: { type: 'string', default: '500000' },
      rooms: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '10' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const users = Number(values.users);
  const filters = Number(values.filters);
  const roomCount = Number(values.rooms);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const rand = random(42);
  const rank = zipf(rand, VOCABULARY);
  const keyword = () => word(500 + Math.floor(rand() * (VOCABULARY - 500)));
  const userId = (i: number) => `u${i}`;
  const roomId = (i: number) => `r${i}`;

  // Closed rooms are readable by 50 members each; open ones by everyone.
  const members = new Map<string, Set<string>>();
  const people: People = {
    usersNamedBy: () => [],
    named: () => false,
    mayRead: (user, room) => room.privacy === 'open' || (members.get(room.id)?.has(user) ?? false),
  };
  const state = new EngagementState(people);
  let streamSeq = 0;
  const envelope = (type: string, aggregateId: string, seq: number, actor: string, data: unknown) =>
    ({ id: `e${streamSeq}`, type, v: 1, aggregateId, seq, actor: { kind: 'user', id: actor }, occurredAt: new Date().toISOString(), correlationId: 'b', causationId: 'b', data }) as unknown as ParleyEvent;
  const roomSeq = new Map<string, number>();

  console.log(`feeds bench: ${users.toLocaleString('en-US')} users, ${filters.toLocaleString('en-US')} filters, ${roomCount} rooms`);
  const setupStarted = performance.now();
  for (let r = 0; r < roomCount; r++) {
    const closed = r % 10 === 0;
    const list: Principal[] = [];
    if (closed) {
      const set = new Set<string>();
      for (let m = 0; m < 50; m++) set.add(userId(Math.floor(rand() * users)));
      members.set(roomId(r), set);
      for (const id of set) list.push({ kind: 'user', id });
    }
    const data = { categoryId: 'c', name: roomId(r), description: '', privacy: closed ? 'closed' : 'open', roomType: 'normal', invitations: 'off', addinId: null, disclaimer: '', members: list, managers: [], presenters: [] };
    state.apply(envelope('RoomCreated', roomId(r), 1, 'admin', data), ++streamSeq);
    roomSeq.set(roomId(r), 1);
  }
  const userSeq = new Map<string, number>();
  for (let f = 0; f < filters; f++) {
    const owner = userId(f % users);
    const kind = rand();
    const terms = kind < 0.8 ? Array.from({ length: 1 + Math.floor(rand() * 2) }, keyword) : kind < 0.9 ? [`${keyword()} ${word(rank())}`] : [];
    const from = kind >= 0.9 ? [userId(Math.floor(rand() * 1_000))] : [];
    const seq = (userSeq.get(owner) ?? 0) + 1;
    userSeq.set(owner, seq);
    state.apply(envelope('FeedFilterAdded', owner, seq, owner, { filterId: `f${f}`, name: `f${f}`, terms, from, rooms: [], mode: rand() < 0.5 ? 'alert' : 'quiet' }), ++streamSeq);
  }
  console.log(`  ${state.feeds.size.toLocaleString('en-US')} filters indexed in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

  const total = rate * seconds;
  let timings: number[] = [];
  let deliveries = 0;
  const post = () => {
    const room = roomId(Math.floor(rand() * roomCount));
    const seq = roomSeq.get(room)! + 1;
    roomSeq.set(room, seq);
    const author = userId(Math.floor(rand() * 1_000));
    const text = Array.from({ length: WORDS_PER_POST }, () => word(rank())).join(' ');
    const event = envelope('MessagePosted', room, seq, author, { clientMsgId: `m${seq}`, text, alert: false, story: null, mentions: [] });
    const started = performance.now();
    const changes = state.apply(event, ++streamSeq);
    timings.push(performance.now() - started);
    for (const change of changes) if (change.kind === 'feed') deliveries++;
  };
  // A warm-up second, not counted: the JIT compiles the hot path first, as on a running server.
  for (let i = 0; i < rate; i++) post();
  timings = [];
  deliveries = 0;
  // Offered at --rate: each millisecond tick posts what is due by then, as a follower's batches would.
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (sent < due) {
      post();
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  const result = {
    bench: 'feeds',
    users,
    filters: state.feeds.size,
    posts_per_s: Math.round(total / elapsed),
    match_p50_ms: Number(percentile(timings, 50).toFixed(3)),
    match_p99_ms: Number(percentile(timings, 99).toFixed(3)),
    feed_deliveries_per_s: Math.round(deliveries / elapsed),
  };
  console.log(
    `  ${total.toLocaleString('en-US')} posts at ${result.posts_per_s}/s: apply p50 ${result.match_p50_ms} ms, p99 ${result.match_p99_ms} ms; ` +
      `${deliveries.toLocaleString('en-US')} feed matches (${result.feed_deliveries_per_s}/s)`,
  );
  return result;
}
