import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { CHANNEL_NODE_OPTIONS } from '@parley/config';
import { EventLog } from '@parley/eventlog';
import { NatsServer, SupervisedProcess } from '@parley/supervisor';
import type { LoadPlan, StageResult } from './fanout/load-generator.js';
import { seedFanout } from './fanout/seed.js';

const HELP = `npm run bench -- fanout [--rooms 100] [--members 50] [--big 1000] [--rate 1000] [--seconds 30] [--max] [--skip-baseline]

Starts a nats-server and ONE built channel server, writes users, an open category and rooms
(--rooms rooms of --members sessions, plus one room of --big sessions) to the log, and runs the load
in a second process: a WebSocket session per member, all joined, posts spread uniformly over the
rooms at --rate posts/s for --seconds (after a 5 s warm-up). Every delivery's post-to-delivery
latency is measured; every post must reach every member of its room exactly once.
  --max   raises the rate in 10 s steps and reports the highest deliveries/s with p99 <= 100 ms and nothing lost
First, the same load runs against a baseline: a plain node:net server in its own process that writes
each post to its room's sockets and does nothing else (no WebSocket, log or database), i.e. what this
machine's loopback sockets allow; its figures are reported beside the channel's.
  --skip-baseline   run the channel only
Last line: {"bench":"fanout","sessions","rooms","posts_per_s","deliveries_per_s","p50_ms","p99_ms","lost","duplicated",
            "baseline_deliveries_per_s","baseline_p99_ms"}`;

const CHANNEL = join(__dirname, '..', '..', '..', 'apps', 'channel', 'dist', 'main.js');
const GENERATOR = join(__dirname, 'fanout', 'load-generator.js');
const LOOPBACK = join(__dirname, 'fanout', 'loopback-server.js');

/** The stage whose figures the bench reports: under --max the busiest with p99 <= 100 ms and nothing lost. */
function bestOf(measured: StageResult[], max: boolean): StageResult {
  if (!max) return measured[0]!;
  return measured.filter((r) => r.delivered > 0 && r.p99 <= 100 && r.lost === 0 && r.duplicated === 0).at(-1) ?? measured[0]!;
}

/** A latency in ms; a stage that delivered nothing has none (its NaN arrives from the generator as null). */
const ms = (value: number | null) => (value === null || Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);

const round2 = (value: number | null) => (value === null || Number.isNaN(value) ? null : Number(value.toFixed(2)));

function stageLine(r: StageResult): string {
  return (
    `${String(r.postsPerSecond).padStart(5)} posts/s for ${r.seconds} s: ${Math.round(r.delivered / r.seconds).toLocaleString('en-US')} deliveries/s, ` +
    `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, lost ${r.lost}, duplicated ${r.duplicated}, errors ${r.errors}`
  );
}

/** The same stages against the loopback baseline server, in a process of its own like the channel. */
async function runBaseline(rooms: LoadPlan['rooms'], stages: LoadPlan['stages']): Promise<StageResult[]> {
  const server = SupervisedProcess.spawn(process.execPath, [LOOPBACK], { env: process.env });
  try {
    const line = await server.waitForLine(/"url":"tcp:/, 30_000, 'the loopback baseline server');
    const { url } = JSON.parse(line.input!) as { url: string };
    return await runLoad({ url, rooms, stages });
  } finally {
    await server.stop();
  }
}

function runLoad(plan: LoadPlan): Promise<StageResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', GENERATOR], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as StageResult[]) : reject(new Error(`the load generator failed (exit ${code})`))));
    child.stdin.end(JSON.stringify(plan));
  });
}

export async function benchFanout(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rooms: { type: 'string', default: '100' },
      members: { type: 'string', default: '50' },
      big: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '30' },
      max: { type: 'boolean' },
      'skip-baseline': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  if (!existsSync(CHANNEL)) throw new Error(`${CHANNEL} is missing: build it first (npx tsc -b apps/channel)`);
  const roomSizes = [...Array.from({ length: Number(values.rooms) }, () => Number(values.members)), ...(Number(values.big) > 0 ? [Number(values.big)] : [])];
  const rate = Number(values.rate);
  const stages = values.max
    ? [250, 500, 1_000, 2_000, 3_000, 4_000, 6_000, 8_000].map((postsPerSecond) => ({ postsPerSecond, seconds: 10 }))
    : [
        { postsPerSecond: rate, seconds: 5 },
        { postsPerSecond: rate, seconds: Number(values.seconds) },
      ];
  // The first stage is a warm-up, except under --max where every stage counts.
  const measuredOf = (results: StageResult[]) => (values.max ? results : results.slice(1));
  // The baseline runs first, with nothing else on the machine yet.
  const rooms = roomSizes.map((size, r) => ({ id: `room-${r}`, tokens: Array.from({ length: size }, () => '') }));
  const baseline = values['skip-baseline'] ? undefined : measuredOf(await runBaseline(rooms, stages));
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-fanout-'));
  const nats = await NatsServer.start({ storeDir: join(dir, 'nats') });
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  const namespace = 'fanout';
  let channel: SupervisedProcess | undefined;
  try {
    const log = await EventLog.open(nc, { namespace });
    const seeded = await seedFanout(nc, log, namespace, roomSizes);
    channel = SupervisedProcess.spawn(process.execPath, [CHANNEL], {
      env: {
        ...process.env,
        PARLEY_NATS_URL: nats.url,
        PARLEY_NAMESPACE: namespace,
        PARLEY_HTTP_PORT: '0',
        PARLEY_HTTP_HOST: '127.0.0.1',
        PARLEY_DATA_DIR: join(dir, 'channel'),
        PARLEY_LOG_LEVEL: 'info',
        // The channel server runs as deployed: with the launcher's and k8s/base/channel.yaml's Node options.
        NODE_OPTIONS: [process.env['NODE_OPTIONS'], CHANNEL_NODE_OPTIONS].filter(Boolean).join(' '),
        // The load is the point: no per-session rate limit in the way.
        PARLEY_POSTS_PER_SECOND: '10000',
        PARLEY_POST_BURST: '10000',
      },
    });
    const ready = await channel.waitForLine(/"msg":"parley-channel ready"/, 120_000, 'the channel server');
    const url = (JSON.parse(ready.input!) as { url: string }).url;
    const measured = measuredOf(await runLoad({ url, rooms: seeded, stages }));
    const best = bestOf(measured, Boolean(values.max));
    const sessions = roomSizes.reduce((n, s) => n + s, 0);
    console.log(`fanout bench: 1 channel server, ${sessions} sessions in ${roomSizes.length} rooms (${values.rooms} x ${values.members} + ${values.big})`);
    for (const r of measured) console.log(`  ${stageLine(r)}`);
    const baselineBest = baseline && bestOf(baseline, Boolean(values.max));
    if (baseline && baselineBest) {
      console.log('baseline, the same load on a plain node:net server (no WebSocket, log or database):');
      for (const r of baseline) console.log(`  ${stageLine(r)}`);
      console.log(
        `channel / baseline: deliveries/s ${(best.delivered / baselineBest.delivered).toFixed(2)}, p99 ${(best.p99 / baselineBest.p99).toFixed(2)}x`,
      );
    }
    return {
      bench: 'fanout',
      sessions,
      rooms: roomSizes.length,
      posts_per_s: Math.round(best.posts / best.seconds),
      deliveries_per_s: Math.round(best.delivered / best.seconds),
      p50_ms: round2(best.p50),
      p99_ms: round2(best.p99),
      lost: best.lost,
      duplicated: best.duplicated,
      ...(baselineBest && {
        baseline_deliveries_per_s: Math.round(baselineBest.delivered / baselineBest.seconds),
        baseline_p99_ms: round2(baselineBest.p99),
      }),
    };
  } finally {
    await channel?.stop();
    await nc.close();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
