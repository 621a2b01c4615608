import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { EventLog, NO_VERSION, type EventDraft } from '@parley/eventlog';
import { tempDir } from '@parley/testing';
import { freePort, portFree } from './ports.js';

const root = join(__dirname, '..', '..', '..');
const launcherMain = join(root, 'infra', 'launcher', 'dist', 'main.js');
const cliMain = join(root, 'apps', 'cli', 'dist', 'main.js');

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(args: string[]): Launched {
  const child = spawn(process.execPath, [launcherMain, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function untilReady(launched: Launched, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launched.output().includes('Parley is ready')) {
    if (launched.child.exitCode !== null) throw new Error(`launcher exited early:\n${launched.output()}`);
    if (Date.now() > deadline) throw new Error(`launcher not ready in time:\n${launched.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A base port with the five services' ports and the web client's (base + 8) free. */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all([0, 1, 2, 3, 4, 8].map((i) => portFree('127.0.0.1', base + i)));
    if (free.every(Boolean)) return base;
  }
}

const draft = {
  type: 'MessagePosted',
  actor: { kind: 'user', id: 'e2e' },
  data: { clientMsgId: 'keep-me', text: 'survives a restart', alert: false, story: null, mentions: [] },
} as EventDraft;

describe('npm start: the single-server launcher', () => {
  const data = tempDir('parley-launcher-');
  afterAll(() => data.remove());

  it('starts every service ready, stops cleanly, keeps data across a restart, and refuses taken ports', async () => {
    const base = await freeBase();
    const natsPort = await freePort('127.0.0.1');
    const args = ['--data-dir', data.path, '--port-base', String(base), '--nats-port', String(natsPort)];

    const first = launch(args);
    await untilReady(first);
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`http://127.0.0.1:${base + i}/health/ready`);
      expect(response.status).toBe(200);
    }
    expect(first.output()).toMatch(/First administrator[\s\S]*user\s+admin\s+password\s+\S{16,}/);
    // The web client and its API on one origin, from libs/web-gateway as the parley-web image serves it.
    expect(first.output()).toContain(`Web client: http://127.0.0.1:${base + 8}`);
    expect((await fetch(`http://127.0.0.1:${base + 8}/health/ready`)).status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${base + 8}/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect((await fetch(`http://127.0.0.1:${base + 8}/.well-known/jwks.json`)).status).toBe(200);
    const status = spawnSync(process.execPath, [cliMain, 'status', '--port-base', String(base)], { encoding: 'utf8' });
    expect(status.status).toBe(0);
    expect(status.stdout.match(/ready/g)).toHaveLength(5);

    const nc = await connect({ servers: `nats://127.0.0.1:${natsPort}` });
    const log = await EventLog.open(nc);
    await log.append({ kind: 'room', id: 'e2e-room' }, [draft], NO_VERSION);
    await log.close();
    await nc.close();

    const second = launch(args);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already in use: .*Is Parley already running\?/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Parley stopped.');
    for (const port of [natsPort, base, base + 1, base + 2, base + 3, base + 4, base + 8]) expect(await portFree('127.0.0.1', port)).toBe(true);

    const third = launch(args);
    await untilReady(third);
    expect(third.output()).not.toContain('First administrator'); // shown once only
    const nc2 = await connect({ servers: `nats://127.0.0.1:${natsPort}` });
    const log2 = await EventLog.open(nc2);
    const { events } = await log2.read({ kind: 'room', id: 'e2e-room' });
    expect(events.map((e) => (e.event.data as { text: string }).text)).toEqual(['survives a restart']);
    await log2.close();
    await nc2.close();
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  });

  it('explains a bad option and exits non-zero', async () => {
    const bad = launch(['--port-base', 'eighty']);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('--port-base must be a port number (0-65535), got "eighty"');
  });
});
