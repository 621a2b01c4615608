import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { uuidv7, type AggregateRef } from '@parley/contracts';
import { EventLog, NO_VERSION, type EventDraft, type Version } from '@parley/eventlog';
import { NatsServer } from '@parley/supervisor';

const HELP = `npm run bench -- eventlog [--events N] [--inflight N] [--rounds N]

Starts its own nats-server (file store, temporary directory) and measures, in one run:
  append_seq_per_s            EventLog.append, one aggregate, each append awaiting its ack
  append_pipelined_per_s      EventLog.append, --inflight aggregates appending at once
  raw_client_pipelined_per_s  the bare JetStream client publishing the same payloads, same concurrency
  ratio                       append_pipelined_per_s / raw_client_pipelined_per_s (goal >= 0.85)
Pipelined figures are the median of --rounds alternating rounds of ours and raw.`;

const actor = { kind: 'user', id: 'bench-user' } as const;
const draft = (i: number): EventDraft =>
  ({
    type: 'MessagePosted',
    actor,
    data: { clientMsgId: `c${i}`, text: `message number ${i} with a few words of text in it, like people write`, alert: false, story: null, mentions: [] },
  }) as EventDraft;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchEventlog(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: 'string', default: '20000' }, inflight: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const events = Number(values.events);
  const inflight = Number(values.inflight);
  const rounds = Number(values.rounds);

  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const server = await NatsServer.start({ storeDir: dir });
  const nc = await connect({ servers: server.url, noAsyncTraces: true });
  try {
    const log = await EventLog.open(nc, { namespace: 'bench' });
    const js = jetstream(nc);

    // Sequential: one writer, one aggregate, every append waits for its ack.
    const seqCount = Math.min(events, 5_000);
    const seqRoom: AggregateRef = { kind: 'room', id: `seq-${uuidv7()}` };
    let version: Version = NO_VERSION;
    const seqStart = performance.now();
    for (let i = 0; i < seqCount; i++) version = (await log.append(seqRoom, [draft(i)], version)).version;
    const appendSeq = seqCount / ((performance.now() - seqStart) / 1000);

    // The payload the raw client sends: exactly what our append writes for the same draft.
    const sample = (await log.read(seqRoom, { fromSeq: 1 })).events[0]!.event;
    const rawPayload = new TextEncoder().encode(JSON.stringify(sample));

    const ours = async (round: number) => {
      const perWriter = Math.ceil(events / inflight);
      const start = performance.now();
      await Promise.all(
        Array.from({ length: inflight }, async (_, w) => {
          const room: AggregateRef = { kind: 'room', id: `p${round}-${w}` };
          let v: Version = NO_VERSION;
          for (let i = 0; i < perWriter; i++) v = (await log.append(room, [draft(i)], v)).version;
        }),
      );
      return (perWriter * inflight) / ((performance.now() - start) / 1000);
    };
    const raw = async (round: number) => {
      const perWriter = Math.ceil(events / inflight);
      const start = performance.now();
      await Promise.all(
        Array.from({ length: inflight }, async (_, w) => {
          const subject = log.subjects.aggregate({ kind: 'room', id: `raw${round}-${w}` });
          for (let i = 0; i < perWriter; i++) await js.publish(subject, rawPayload);
        }),
      );
      return (perWriter * inflight) / ((performance.now() - start) / 1000);
    };

    await ours(-1); // warm-up: JIT, connection buffers, stream files
    await raw(-1);
    const oursRuns: number[] = [];
    const rawRuns: number[] = [];
    for (let r = 0; r < rounds; r++) {
      oursRuns.push(await ours(r));
      rawRuns.push(await raw(r));
    }
    const appendPipelined = median(oursRuns);
    const rawPipelined = median(rawRuns);
    const ratio = appendPipelined / rawPipelined;

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`eventlog bench: nats-server ${server.url}, file store, ${rawPayload.length}-byte events`);
    console.log(`  sequential append (await each ack)   ${fmt(appendSeq)} events/s  (${seqCount} events)`);
    console.log(`  pipelined append (${inflight} writers)     ${fmt(appendPipelined)} events/s  (median of ${rounds}: ${oursRuns.map(fmt).join(', ')})`);
    console.log(`  bare JetStream client, same load     ${fmt(rawPipelined)} events/s  (median of ${rounds}: ${rawRuns.map(fmt).join(', ')})`);
    console.log(`  ratio ours / raw                     ${ratio.toFixed(3)}  (goal >= 0.85)`);
    return {
      bench: 'eventlog',
      append_seq_per_s: Math.round(appendSeq),
      append_pipelined_per_s: Math.round(appendPipelined),
      raw_client_pipelined_per_s: Math.round(rawPipelined),
      ratio: Number(ratio.toFixed(3)),
    };
  } finally {
    await nc.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
