import { spawnSync } from 'node:child_process';
import { CHANNEL_NODE_OPTIONS } from '@parley/config';
import { benchCompliance } from './compliance.bench.js';
import { benchDirectory } from './directory.bench.js';
import { benchEventlog } from './eventlog.bench.js';
import { benchFanout } from './fanout.bench.js';

/** `npm run bench -- NAME [options]`: each bench prints a human summary, then one JSON line. */
const benches: Record<string, { describe: string; run(args: string[]): Promise<Record<string, unknown>>; nodeOptions?: string }> = {
  fanout: { describe: 'live fan-out of one channel server: post-to-delivery latency, deliveries/s, nothing lost', run: benchFanout },
  eventlog: { describe: 'append throughput of the event log against the bare NATS client', run: benchEventlog },
  compliance: { describe: 'the compliance archive on 1,000,000 events: archive, XML export and replay rates', run: benchCompliance },
  directory: { describe: 'provisioning at the pool ceiling: full sync, sign-in latency, authorisation checks', run: benchDirectory },
  history: { describe: 'history and search on 1,000,000 messages: pages, deep pages, concurrent search, rebuild (SQLite or PostgreSQL)', run: async (args) => (await import('./history.bench.js')).benchHistory(args) },
  failover: { describe: 'the multi-server topology losing a channel server or a NATS node: reconnects, unavailability, nothing lost', run: async (args) => (await import('./failover.bench.js')).benchFailover(args) },
  feeds: { describe: 'topic feed matching: 100,000 users with 500,000 filters, per-post match time at 1,000 posts/s', run: async (args) => (await import('./feeds.bench.js')).benchFeeds(args), nodeOptions: CHANNEL_NODE_OPTIONS },
  files: { describe: 'file upload and download through the files service against the bare S3 client, and its memory', run: async (args) => (await import('./files.bench.js')).benchFiles(args) },
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- NAME [options]\n\nbenches:\n${Object.entries(benches).map(([n, b]) => `  ${n.padEnd(12)} ${b.describe}`).join('\n')}`);
    process.exit(name ? 2 : 0);
  }
  // A bench of code that runs in a channel server runs under the channel's Node options.
  if (bench.nodeOptions && !bench.nodeOptions.split(' ').every((option) => process.execArgv.includes(option))) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...bench.nodeOptions.split(' '), process.argv[1]!, name!, ...args], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  const result = await bench.run(args);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
