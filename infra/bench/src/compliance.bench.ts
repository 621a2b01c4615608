import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { CATEGORY_TREE_ID, uuidv7 } from '@parley/contracts';
import { EventLog, NO_VERSION, type EventDraft } from '@parley/eventlog';
import { NatsServer, SupervisedProcess } from '@parley/supervisor';

const HELP = `npm run bench -- compliance [--events N] [--rooms N]

Starts its own nats-server, fills the log with --events events (1,000,000 by default): posts,
edits and room events on the chat log, joins, parts and history views on the activity log, across
--rooms rooms (1,000). Then, with the built compliance service (apps/compliance/dist) on SQLite:
  archive_events_per_s  the service started on the full log, until its archive holds all of it
  export_events_per_s   parley-compliance export --format xml of the whole archive
  replay_events_per_s   parley-compliance replay into a fresh database
Goals: archive and replay >= 20,000 events/s, XML export >= 50,000 events/s.`;

const ENTRY = join(__dirname, '..', '..', '..', 'apps', 'compliance', 'dist', 'main.js');
const users = Array.from({ length: 200 }, (_, i) => `user${i}`);
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

/** Fills the log, a thousand writers at a time: 80% chat events (posts, some edits), 20% activity. */
async function fill(log: EventLog, events: number, rooms: number): Promise<void> {
  const roomIds = Array.from({ length: rooms }, (_, i) => `room-${i}`);
  const actor = (id: string) => ({ kind: 'user', id }) as const;
  await log.append({ kind: 'category', id: CATEGORY_TREE_ID }, [{ type: 'CategoryCreated', actor: actor('admin'), data: { categoryId: 'bench', name: 'Bench', description: '', parentId: null, allowed: [], denied: [], creators: [], settings: { invitations: true, fileUpload: true, chatHistory: true } } } as EventDraft], NO_VERSION);
  let written = 1;
  const perRoom = Math.floor((events * 0.8) / rooms);
  const activity = events - rooms * (perRoom + 1) - 1;
  const started = performance.now();
  const report = setInterval(() => console.log(`  filling the log: ${written.toLocaleString('en-US')} events, ${Math.round(written / ((performance.now() - started) / 1000)).toLocaleString('en-US')}/s`), 10_000);
  try {
    await Promise.all(
      roomIds.map(async (id, r) => {
        let version = (
          await log.append({ kind: 'room', id }, [{ type: 'RoomCreated', actor: actor('admin'), data: { categoryId: 'bench', name: `Room ${r}`, description: '', privacy: 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] } } as EventDraft], NO_VERSION)
        ).version;
        written++;
        for (let i = 0; i < perRoom; i++) {
          const author = pick(users, r + i);
          const draft = i % 10 === 9 ? { type: 'MessageEdited', actor: actor(author), data: { messageSeq: version.seq, text: `edited message ${i} in room ${r}` } } : { type: 'MessagePosted', actor: actor(author), data: { clientMsgId: uuidv7(), text: `message ${i} in room ${r}, with the few words people write`, alert: false, story: null, mentions: [] } };
          version = (await log.append({ kind: 'room', id }, [draft as EventDraft], version)).version;
          written++;
        }
      }),
    );
    const types = ['RoomJoined', 'HistoryViewed', 'RoomParted'] as const;
    await Promise.all(
      Array.from({ length: 1_000 }, async (_, w) => {
        for (let i = w; i < activity; i += 1_000) {
          const userId = pick(users, i);
          const type = pick(types, i);
          const data = type === 'HistoryViewed' ? { userId, fromSeq: 1, toSeq: 30, count: 30 } : type === 'RoomJoined' ? { userId, sessionId: `s-${userId}` } : { userId, sessionId: `s-${userId}`, reason: 'left' };
          await log.record({ kind: 'room', id: pick(roomIds, i) }, [{ type, actor: actor(userId), data } as EventDraft]);
          written++;
        }
      }),
    );
  } finally {
    clearInterval(report);
  }
}

/** Runs `parley-compliance <args>` with the service's settings and returns the JSON line it prints. */
async function tool(env: NodeJS.ProcessEnv, args: string[]): Promise<Record<string, unknown>> {
  let last = '';
  const child = SupervisedProcess.spawn(process.execPath, [ENTRY, ...args], { env, onLine: (line) => (line.startsWith('{"') && !line.startsWith('{"level"') ? (last = line) : undefined) });
  const status = await child.exited;
  if (status.code !== 0) throw new Error(`parley-compliance ${args[0]} exited with ${status.code}`);
  return JSON.parse(last) as Record<string, unknown>;
}

export async function benchCompliance(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args: argv, options: { events: { type: 'string', default: '1000000' }, rooms: { type: 'string', default: '1000' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const events = Number(values.events);
  const rooms = Number(values.rooms);
  const root = mkdtempSync(join(tmpdir(), 'parley-bench-compliance-'));
  const nats = await NatsServer.start({ storeDir: join(root, 'nats') });
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  try {
    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const log = await EventLog.open(nc, { namespace });
    let started = performance.now();
    await fill(log, events, rooms);
    const total = (await log.head('chat')) + (await log.head('activity'));
    console.log(`compliance bench: ${total.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await log.close();

    const env = {
      ...process.env,
      PARLEY_NATS_URL: nats.url,
      PARLEY_NAMESPACE: namespace,
      PARLEY_DATA_DIR: join(root, 'data'),
      PARLEY_HTTP_HOST: '127.0.0.1',
      PARLEY_HTTP_PORT: '0',
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_COMPLIANCE_EXPORT_INTERVAL_MIN: '0',
    };
    const service = SupervisedProcess.spawn(process.execPath, [ENTRY], { env, onLine: (line) => (/^\{"level":"(warn|error|fatal)"/.test(line) ? process.stderr.write(`  [compliance] ${line}\n`) : undefined) });
    const caughtUp = await service.waitForLine(/"msg":"compliance archive caught up with the log"/, 30 * 60_000, 'the compliance archive').finally(() => service.stop());
    const archiveSeconds = (JSON.parse(caughtUp.input!) as { seconds: number }).seconds;
    const archive = total / archiveSeconds;
    console.log(`  archive: ${total.toLocaleString('en-US')} events in ${archiveSeconds} s`);

    started = performance.now();
    const exported = await tool(env, ['export', '--format', 'xml', '--out', join(root, 'export.xml')]);
    const exportRate = Number(exported['recordsPerS']);
    console.log(`  XML export: ${Number(exported['records']).toLocaleString('en-US')} records, ${(Number(exported['bytes']) / 1e6).toFixed(0)} MB in ${String(exported['seconds'])} s`);

    const replayed = await tool(env, ['replay', '--into', `sqlite:${join(root, 'replay.sqlite')}`]);
    console.log(`  replay: ${total.toLocaleString('en-US')} events in ${String(replayed['seconds'])} s; ends in the live archive's hashes: ${String(replayed['matchesArchive'])}`);
    if (exported['records'] !== total || replayed['matchesArchive'] !== true) throw new Error('the export or the replay does not hold every event: see above');
    return {
      bench: 'compliance',
      events: total,
      archive_events_per_s: Math.round(archive),
      export_events_per_s: exportRate,
      replay_events_per_s: Number(replayed['eventsPerS']),
    };
  } finally {
    await nc.close();
    await nats.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
