import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebGateway, type WebGateway } from './web-gateway.js';

/** A stand-in channel server: answers a WebSocket upgrade with its name. */
async function channelServer(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => socket.once('data', () => socket.end(`HTTP/1.1 101 Switching Protocols\r\nX-Upstream: ${name}\r\n\r\n`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Opens a live session through the gateway; which channel server answered it. */
function upgrade(gateway: string): Promise<string> {
  const { hostname, port } = new URL(gateway);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write('GET /v1/ws HTTP/1.1\r\nHost: parley\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'),
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.once('close', () => resolve(/X-Upstream: (\w+)/.exec(answer)?.[1] ?? `none: ${answer}`));
    socket.once('error', reject);
  });
}

describe('the web gateway with several channel servers', () => {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  let a: { url: string; server: Server };
  let b: { url: string; server: Server };
  let gateway: WebGateway;
  const logged: string[] = [];

  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    [a, b] = await Promise.all([channelServer('a'), channelServer('b')]);
    const down = await channelServer('down');
    const downUrl = down.url;
    await new Promise((resolve) => down.server.close(resolve));
    const upstreams = { lookup: downUrl, channel: a.url, files: downUrl, provisioning: downUrl, compliance: downUrl };
    gateway = await startWebGateway({ host: '127.0.0.1', port: 0, distDir: dist, upstreams, liveChannels: [a.url, downUrl, b.url], log: (line) => logged.push(line) });
  });

  afterAll(async () => {
    await gateway?.close();
    for (const s of [a, b]) s?.server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('spreads live sessions over the channel servers, passing over one that does not answer', async () => {
    const answered: string[] = [];
    for (let i = 0; i < 6; i++) answered.push(await upgrade(gateway.url));
    expect(answered).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('refuses the session, saying why, when no channel server answers', async () => {
    a.server.close();
    b.server.close();
    expect(await upgrade(gateway.url)).toBe('none: ');
    expect(logged.at(-1)).toMatch(/^web gateway: cannot reach a channel server: /);
  });
});
