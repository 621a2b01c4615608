import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { CHANNEL_NODE_OPTIONS } from '@parley/config';
import { uuidv7 } from '@parley/contracts';
import { EventLog, type EventDraft, type Version } from '@parley/eventlog';
import { NatsServer, SupervisedProcess } from '@parley/supervisor';
import { Client } from 'pg';
import { seedFanout } from './fanout/seed.js';

const HELP = `npm run bench -- history [--dialect sqlite|postgres] [--messages 1000000] [--rooms 1000] [--pages 2000] [--searches 400]

Starts its own nats-server, writes --messages posts over --rooms rooms through the real log (90 %
of them in one big room, so a page 900,000 messages deep exists; the rest spread evenly), then runs
the built channel service on --dialect (SQLite file, or a fresh PostgreSQL database on
127.0.0.1:5432, or PARLEY_BENCH_PG_URL) until its history holds the whole log, and measures through
the REST API:
  page_p50_ms / page_p99_ms   GET /v1/rooms/{id}/history?limit=50, the latest page of random rooms
  deep_page_p99_ms            the oldest page of the big room (before = 51: ~900,000 messages deep),
                              against first_page_p99_ms, its latest page (each --pages / 4 times)
  search_p50_ms / _p99_ms     GET /v1/search?q=WORD from 10 concurrent searchers
  rebuild_events_per_s        parley-channel history rebuild of the whole log
Goals: page p99 <= 10 ms, deep page within 1.5x of the first page, search p99 <= 75 ms, rebuild >= 20,000 events/s.`;

const CHANNEL = join(__dirname, '..', '..', '..', 'apps', 'channel', 'dist', 'main.js');
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu release deploy freeze incident rollback ticket backlog sprint review budget forecast quarter audit'.split(' ');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const round = (n: number) => Number(n.toFixed(2));

/** A message's text: a few words of the vocabulary, different for each. */
function text(i: number): string {
  const words = Array.from({ length: 8 }, (_, k) => WORDS[(i * 7 + k * 13 + (i >> k)) % WORDS.length]!);
  return `${words.join(' ')} number ${i}`;
}

/** Appends `count` posts to one room, in batches (each event fenced on the one before it). */
async function fillRoom(log: EventLog, roomId: string, count: number, author: string, version: Version, progress: () => void): Promise<Version> {
  const batch = 200;
  for (let done = 0; done < count; ) {
    const n = Math.min(batch, count - done);
    const drafts = Array.from({ length: n }, (_, k) => ({
      type: 'MessagePosted',
      actor: { kind: 'user', id: author },
      data: { clientMsgId: uuidv7(), text: text(done + k), alert: false, story: null, mentions: [] },
    })) as unknown as EventDraft[];
    version = (await log.append({ kind: 'room', id: roomId }, drafts, version)).version;
    done += n;
    for (let k = 0; k < n; k++) progress();
  }
  return version;
}

/**
 * GET with a keep-alive node:http agent, the lean client a load tester uses: undici's fetch added
 * ~0.8 ms and its own GC pauses to each request measured (p50 2.3 → 1.5 ms on 100,000 messages).
 */
function getJson(url: string, token: string): (path: string) => Promise<{ messages?: { seq: number }[]; items?: unknown[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  return (path) =>
    new Promise((resolve, reject) => {
      const request = httpGet(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`GET ${path}: ${status} ${body}`));
          else resolve(JSON.parse(body) as { messages?: { seq: number }[]; items?: unknown[] });
        });
      });
      request.on('error', reject);
    });
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function benchHistory(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dialect: { type: 'string', default: 'sqlite' },
      messages: { type: 'string', default: '1000000' },
      rooms: { type: 'string', default: '1000' },
      pages: { type: 'string', default: '2000' },
      searches: { type: 'string', default: '400' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const dialect = values.dialect;
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres, got "${dialect}"`);
  const messages = Number(values.messages);
  const rooms = Number(values.rooms);
  if (!(rooms >= 2) || !(messages >= rooms * 2)) throw new Error('--rooms must be at least 2 and --messages at least twice --rooms');
  const big = Math.round(messages * 0.9);
  const perSmall = Math.floor((messages - big) / (rooms - 1));

  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-history-'));
  const nats = await NatsServer.start({ storeDir: join(dir, 'nats') });
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  const namespace = 'history';
  let channel: SupervisedProcess | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  try {
    const log = await EventLog.open(nc, { namespace });
    // Users, an open category, the rooms, and a token for the reader (member of nothing: open rooms are readable).
    const seeded = await seedFanout(nc, log, namespace, Array.from({ length: rooms }, () => 1));
    const token = seeded[0]!.tokens[0]!;
    const roomIds = seeded.map((r) => r.id);
    console.log(`history bench (${dialect}): writing ${messages.toLocaleString('en-US')} messages to ${rooms} rooms (${big.toLocaleString('en-US')} in one)`);
    let written = 0;
    const started = performance.now();
    const report = setInterval(() => console.log(`  ${written.toLocaleString('en-US')} written, ${Math.round(written / ((performance.now() - started) / 1000)).toLocaleString('en-US')}/s`), 15_000);
    try {
      const one = { seq: 1, streamSeq: 0 };
      const versionOf = async (id: string) => (await log.read({ kind: 'room', id })).version;
      const bigRoom = fillRoom(log, roomIds[0]!, big, 'bench-u0', await versionOf(roomIds[0]!).catch(() => one), () => written++);
      let next = 1;
      await Promise.all([
        bigRoom,
        ...Array.from({ length: 32 }, async () => {
          while (next < roomIds.length) {
            const id = roomIds[next++]!;
            await fillRoom(log, id, perSmall, `bench-u${next % rooms}`, await versionOf(id), () => written++);
          }
        }),
      ]);
    } finally {
      clearInterval(report);
    }
    const total = big + perSmall * (rooms - 1);
    console.log(`  wrote ${total.toLocaleString('en-US')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    let database: string;
    if (dialect === 'sqlite') database = `sqlite:${join(dir, 'history.sqlite')}`;
    else {
      const base = process.env['PARLEY_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
      const name = `parley_bench_history_${process.pid}`;
      const admin = new Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(base);
      url.pathname = `/${name}`;
      database = url.toString();
      dropDatabase = async () => {
        const client = new Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      };
    }
    const env = {
      ...process.env,
      PARLEY_NATS_URL: nats.url,
      PARLEY_NAMESPACE: namespace,
      PARLEY_HTTP_PORT: '0',
      PARLEY_HTTP_HOST: '127.0.0.1',
      PARLEY_DATA_DIR: join(dir, 'channel'),
      PARLEY_CHANNEL_DB: database,
      PARLEY_LOG_LEVEL: 'info',
      // The channel server and its rebuild tool run as deployed: with the launcher's and k8s/base/channel.yaml's Node options.
      NODE_OPTIONS: [process.env['NODE_OPTIONS'], CHANNEL_NODE_OPTIONS].filter(Boolean).join(' '),
    };
    const projectStarted = performance.now();
    channel = SupervisedProcess.spawn(process.execPath, [CHANNEL], { env, onLine: (line) => (/^\{"level":"(error|fatal)"/.test(line) ? process.stderr.write(`  [channel] ${line.slice(0, 400)}\n`) : undefined) });
    const ready = await channel.waitForLine(/"msg":"parley-channel ready"/, 300_000, 'the channel server');
    const url = (JSON.parse(ready.input!) as { url: string }).url;
    const get = getJson(url, token);
    // A room the projection has not reached yet is not found (404): nothing of it is there yet.
    const latestSeq = async (roomId: string) =>
      (await get(`/v1/rooms/${roomId}/history?limit=1`).catch((error: Error) => (/: 404 /.test(error.message) ? {} : Promise.reject(error)))) as { messages?: { seq: number }[] };
    const lastSeqOf = async (roomId: string) => (await latestSeq(roomId)).messages?.at(-1)?.seq ?? 0;
    // Caught up when the big room and a sample of the others show their last message.
    const sample = [roomIds[0]!, ...roomIds.slice(1).filter((_, i) => i % Math.max(1, Math.floor(rooms / 20)) === 0), roomIds.at(-1)!];
    for (;;) {
      const seqs = await Promise.all(sample.map(lastSeqOf));
      if (seqs[0] === big + 1 && seqs.slice(1).every((s) => s === perSmall + 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const projectSeconds = (performance.now() - projectStarted) / 1000;
    console.log(`  the channel service projected the log into ${dialect} in ${projectSeconds.toFixed(0)} s (${Math.round(total / projectSeconds).toLocaleString('en-US')} messages/s, start-up included)`);

    // Warm up, then pages: the latest 50 of random rooms, and the oldest page of the big room.
    for (let i = 0; i < 20; i++) await get(`/v1/rooms/${roomIds[i % rooms]}/history?limit=50`);
    const pages: number[] = [];
    const deep: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < Number(values.pages); i++) {
      const roomId = roomIds[Math.floor(Math.random() * rooms)]!;
      pages.push(await timed(() => get(`/v1/rooms/${roomId}/history?limit=50`).then(() => undefined)));
      if (i % 4 === 0) {
        first.push(await timed(() => get(`/v1/rooms/${roomIds[0]}/history?limit=50`).then(() => undefined)));
        deep.push(await timed(() => get(`/v1/rooms/${roomIds[0]}/history?limit=50&before=51`).then(() => undefined)));
      }
    }
    // Search: 10 searchers at once, words of the vocabulary (each matches many messages; the newest 20 come back).
    const searches: number[] = [];
    let issued = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (issued < Number(values.searches)) {
          const n = issued++;
          const q = n % 3 === 0 ? `${WORDS[n % WORDS.length]} ${WORDS[(n * 5) % WORDS.length]}` : WORDS[n % WORDS.length]!;
          searches.push(await timed(() => get(`/v1/search?q=${encodeURIComponent(q)}&limit=20`).then(() => undefined)));
        }
      }),
    );
    await channel.stop();
    channel = undefined;

    // Rebuild from zero with the service's own tool.
    const rebuildMs = await timed(async () => {
      const tool = SupervisedProcess.spawn(process.execPath, [CHANNEL, 'history', 'rebuild'], { env });
      const status = await tool.exited;
      if (status.code !== 0) throw new Error(`history rebuild failed (exit ${status.code}): ${tool.recent.slice(-5).join('\n')}`);
    });
    const chatEvents = await log.head('chat');
    const rebuildPerSecond = Math.round(chatEvents / (rebuildMs / 1000));

    const result = {
      bench: 'history',
      dialect,
      messages: total,
      page_p50_ms: round(percentile(pages, 50)),
      page_p99_ms: round(percentile(pages, 99)),
      first_page_p99_ms: round(percentile(first, 99)),
      deep_page_p99_ms: round(percentile(deep, 99)),
      search_p50_ms: round(percentile(searches, 50)),
      search_p99_ms: round(percentile(searches, 99)),
      rebuild_events_per_s: rebuildPerSecond,
    };
    console.log(
      `  page of 50: p50 ${result.page_p50_ms} ms, p99 ${result.page_p99_ms} ms (goal <= 10)\n` +
        `  ~900,000 deep: p99 ${result.deep_page_p99_ms} ms, the big room's latest page p99 ${result.first_page_p99_ms} ms (goal: within 1.5x)\n` +
        `  search, 10 at once: p50 ${result.search_p50_ms} ms, p99 ${result.search_p99_ms} ms (goal <= 75)\n` +
        `  rebuild: ${chatEvents.toLocaleString('en-US')} events in ${(rebuildMs / 1000).toFixed(1)} s, ${rebuildPerSecond.toLocaleString('en-US')}/s (goal >= 20,000)`,
    );
    return result;
  } finally {
    await channel?.stop();
    await nc.close();
    await nats.stop();
    await dropDatabase?.().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
