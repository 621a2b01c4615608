import { benchDirectory } from './directory.bench.js';
import { benchEventlog } from './eventlog.bench.js';

/** `npm run bench -- NAME [options]`: each bench prints a human summary, then one JSON line. */
const benches: Record<string, { describe: string; run(args: string[]): Promise<Record<string, unknown>> }> = {
  eventlog: { describe: 'append throughput of the event log against the bare NATS client', run: benchEventlog },
  directory: { describe: 'provisioning at the pool ceiling: full sync, sign-in latency, authorisation checks', run: benchDirectory },
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- NAME [options]\n\nbenches:\n${Object.entries(benches).map(([n, b]) => `  ${n.padEnd(12)} ${b.describe}`).join('\n')}`);
    process.exit(name ? 2 : 0);
  }
  const result = await bench.run(args);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
