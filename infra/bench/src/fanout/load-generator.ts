import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

/** What the bench hands the load generator on stdin. */
export interface LoadPlan {
  /** The channel server (`http://…`, WebSocket sessions) or the loopback baseline (`tcp://…`, one line per frame). */
  url: string;
  rooms: { id: string; tokens: string[] }[];
  stages: { postsPerSecond: number; seconds: number }[];
}

export interface StageResult {
  postsPerSecond: number;
  posts: number;
  expected: number;
  delivered: number;
  duplicated: number;
  lost: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One session's connection, whichever server it is to. */
interface Connection {
  send(frame: string): void;
  terminate(): void;
}

interface Member {
  connection: Connection;
  /** The last seq this session received: a seq at or below it is a duplicate (or out of order). */
  seen: { lastSeq: number };
}

const connectLimit = 100;

/** A WebSocket session on the channel server: hello, join, then every frame to `onFrame`. */
function openSession(url: string, token: string, roomId: string, onFrame: (text: string) => void): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/ws`);
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ op: 'hello', id: 'h', token })));
    let joined = false;
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (joined) return onFrame(text);
      if (text.startsWith('{"op":"welcome"')) ws.send(JSON.stringify({ op: 'join', id: 'j', room: roomId }));
      else if (text.startsWith('{"op":"joined"')) {
        joined = true;
        resolve({ send: (frame) => ws.send(frame), terminate: () => ws.terminate() });
      } else if (text.startsWith('{"op":"error"')) reject(new Error(text));
    });
  });
}

/** A line-per-frame TCP session on the loopback baseline (./loopback-server.ts). */
function openLine(url: string, roomId: string, onFrame: (text: string) => void): Promise<Connection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${JSON.stringify({ op: 'join', room: roomId })}\n`));
    let joined = false;
    let buffered = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (joined) onFrame(text);
        else if (text.startsWith('{"op":"joined"')) {
          joined = true;
          resolve({ send: (frame) => socket.write(`${frame}\n`), terminate: () => socket.destroy() });
        }
      }
    });
  });
}

/**
 * The load: a session (WebSocket, or a TCP line stream on the baseline) per member of every room, all joined; posts spread uniformly over
 * the rooms at a fixed rate, each carrying its send time, so every delivery's post-to-delivery
 * latency is measured on one clock. Counts every delivery of every post, to find any lost or
 * doubled. Runs in its own process, apart from the channel server it loads.
 */
async function run(plan: LoadPlan): Promise<StageResult[]> {
  const members: Member[][] = plan.rooms.map(() => []);
  let stage = -1;
  let latencies = new Float64Array(1 << 20);
  let latencyCount = 0;
  let delivered = 0;
  let duplicated = 0;
  let errors = 0;

  // Frames are read by position rather than parsed whole: the generator must outrun the server.
  const onFrame = (seen: Member['seen'], text: string) => {
    if (text.startsWith('{"op":"error"')) errors++;
    if (!text.startsWith('{"op":"event"') || !text.includes('"type":"MessagePosted"')) return;
    const seqAt = text.indexOf('"seq":') + 6;
    const seq = Number(text.slice(seqAt, text.indexOf(',', seqAt)));
    if (seq <= seen.lastSeq) {
      duplicated++;
      return;
    }
    seen.lastSeq = seq;
    const at = text.indexOf('"text":"');
    const body = text.slice(at + 8, text.indexOf('"', at + 8));
    const [s, , sent] = body.split(':');
    if (Number(s) !== stage) return;
    delivered++;
    if (latencyCount === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[latencyCount++] = performance.now() - Number(sent);
  };

  const open = (token: string, roomId: string, onText: (text: string) => void) =>
    plan.url.startsWith('tcp:') ? openLine(plan.url, roomId, onText) : openSession(plan.url, token, roomId, onText);
  const all = plan.rooms.flatMap((room, r) => room.tokens.map((token) => ({ token, r })));
  let next = 0;
  await Promise.all(
    Array.from({ length: connectLimit }, async () => {
      while (next < all.length) {
        const { token, r } = all[next++]!;
        const seen = { lastSeq: 0 };
        const connection = await open(token, plan.rooms[r]!.id, (text) => onFrame(seen, text));
        members[r]!.push({ connection, seen });
      }
    }),
  );
  process.stderr.write(`load: ${all.length} sessions joined ${plan.rooms.length} rooms\n`);

  const results: StageResult[] = [];
  for (const [index, { postsPerSecond, seconds }] of plan.stages.entries()) {
    stage = index;
    latencyCount = 0;
    delivered = 0;
    duplicated = 0;
    errors = 0;
    const sizes: number[] = [];
    let posted = 0;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = (performance.now() - start) / 1000;
        if (elapsed >= seconds) {
          clearInterval(tick);
          resolve();
          return;
        }
        // Posts due by now, however late this tick runs (a busy generator must not post less).
        for (const due = Math.floor(elapsed * postsPerSecond); posted < due; ) {
          const r = Math.floor(Math.random() * members.length);
          const room = members[r]!;
          const poster = room[Math.floor(Math.random() * room.length)]!;
          const id = String(posted++);
          sizes.push(room.length);
          poster.connection.send(JSON.stringify({ op: 'post', id: `p${id}`, room: plan.rooms[r]!.id, clientMsgId: `${index}-${id}`, text: `${index}:${id}:${performance.now()}` }));
        }
      }, 10);
    });
    // Let the last posts arrive everywhere before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const expected = sizes.reduce((n, s) => n + s, 0);
    const sorted = latencies.slice(0, latencyCount).sort();
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN);
    results.push({ postsPerSecond, posts: posted, expected, delivered, duplicated, lost: Math.max(0, expected - delivered), seconds, p50: pct(0.5), p99: pct(0.99), errors });
    process.stderr.write(`load: stage ${index} at ${postsPerSecond} posts/s: p99 ${pct(0.99).toFixed(1)} ms, ${delivered} deliveries\n`);
  }
  for (const room of members) for (const m of room) m.connection.terminate();
  return results;
}

if (require.main === module) {
  let input = '';
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => (input += chunk));
  process.stdin.on('end', () => {
    run(JSON.parse(input) as LoadPlan).then(
      (results) => {
        process.stdout.write(`${JSON.stringify(results)}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`load: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
