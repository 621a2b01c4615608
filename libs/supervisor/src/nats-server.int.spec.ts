import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServer } from './nats-server.js';

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('NatsServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-nats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on a free port, crashes, and restarts on the same port and store', async () => {
    const server = await NatsServer.start({ storeDir: join(dir, 'store') });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(await canConnect(server.port)).toBe(true);
      const port = server.port;
      await server.crash();
      expect(server.running).toBe(false);
      expect(await canConnect(port)).toBe(false);
      await server.restart();
      expect(server.port).toBe(port);
      expect(await canConnect(port)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('reports a server that cannot start, with its output', async () => {
    await expect(NatsServer.start({ storeDir: join(dir, 'bad'), args: ['--no-such-flag'] })).rejects.toThrow(/nats-server exited/);
  });
});

describe('the watchdog', () => {
  it('kills the nats-server when the process that started it is SIGKILLed', async () => {
    const { WATCHDOG } = await import('./child.js');
    const { spawn } = await import('node:child_process');
    const store = mkdtempSync(join(tmpdir(), 'parley-orphan-'));
    const parentScript = `
      const { spawn } = require('node:child_process');
      const w = spawn(process.execPath, ['-e', ${JSON.stringify(WATCHDOG)}, '--', 'nats-server', '-a', '127.0.0.1', '-p', '-1', '-js', '-sd', ${JSON.stringify(store)}], { stdio: ['pipe', 'inherit', 'inherit'] });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const port = await new Promise<number>((resolve) => {
      parent.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        const m = /Listening for client connections on .*:(\d+)/.exec(log);
        if (m && log.includes('Server is ready')) resolve(Number(m[1]));
      });
    });
    expect(await canConnect(port)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while ((await canConnect(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await canConnect(port)).toBe(false);
    rmSync(store, { recursive: true, force: true });
  });
});
