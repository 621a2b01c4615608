import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startParley, type Topology } from './topology.js';

const HELP = `Usage: npm start -- [options]

Runs Parley on this machine: a nats-server with JetStream and the five services
(lookup, channel, files, provisioning, compliance), keeping data in --data-dir.
With --topology multi: a 3-node NATS JetStream cluster (streams replicated three
times) and three channel servers sharing the rooms, to try failover and draining.

Options:
  --data-dir DIR      where data and logs are kept            (default ./.parley, env PARLEY_DATA_DIR)
  --host HOST         interface the services listen on        (default 127.0.0.1; 0.0.0.0 for all)
  --port-base PORT    port of lookup; the others follow       (default 8080: lookup 8080 ... compliance 8084,
                                                              multi: channel-2 8085, channel-3 8086; 0 = any free)
  --nats-port PORT    port of the embedded nats-server        (default 14222; multi: 14222-14224; 0 = any free)
  --log-level LEVEL   fatal, error, warn, info, debug, trace  (default info)
  --topology NAME     single or multi                         (default single)
  -h, --help          this help

Ctrl-C stops everything cleanly; data survives restarts.`;

const out = {
  info: (line: string) => process.stdout.write(`${line}\n`),
  warn: (line: string) => process.stderr.write(`${line}\n`),
};

function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: process.env['PARLEY_DATA_DIR'] ?? '.parley' },
      host: { type: 'string', default: '127.0.0.1' },
      'port-base': { type: 'string', default: '8080' },
      'nats-port': { type: 'string', default: '14222' },
      'log-level': { type: 'string', default: 'info' },
      topology: { type: 'string', default: 'single' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.info(HELP);
    return;
  }
  const topology = values.topology;
  if (topology !== 'single' && topology !== 'multi') throw new Error(`unknown topology "${topology}" (available: single, multi)`);
  const started = Date.now();
  out.info(`Starting Parley (${topology === 'single' ? 'single-server' : 'multi-server'} topology)...`);
  const parley = await startParley({
    topology: topology satisfies Topology,
    dataDir: values['data-dir'],
    host: values.host,
    portBase: parsePort(values['port-base'], '--port-base'),
    natsPort: parsePort(values['nats-port'], '--nats-port'),
    logLevel: values['log-level'],
    root: resolve(__dirname, '..', '..', '..'),
    console: out,
  });
  const dataDir = resolve(values['data-dir']);
  out.info(`\nParley is ready (${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
  for (const s of parley.services) out.info(`  ${s.name.padEnd(13)} ${s.url}`);
  out.info(`  ${'nats'.padEnd(13)} ${parley.natsUrl}`);
  out.info(`\n  data   ${dataDir}\n  logs   ${dataDir}/logs`);
  if (parley.initialAdmin) {
    out.info(`\nFirst administrator (shown only this once; change the password after signing in):`);
    out.info(`  user      ${parley.initialAdmin.username}\n  password  ${parley.initialAdmin.password}`);
    out.info(`  e.g.      npm run parley -- login --server ${parley.services.find((s) => s.name === 'provisioning')!.url} --user ${parley.initialAdmin.username}`);
  }
  out.info('\nPress Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.info(`\n${signal}: stopping Parley...`);
    parley.stop().then(
      () => {
        out.info('Parley stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        out.warn(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  out.warn(`parley: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
