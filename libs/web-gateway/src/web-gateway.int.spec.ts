import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebGateway, type WebGateway } from './web-gateway.js';

/** A stand-in channel server: answers a WebSocket upgrade with its name and the subprotocols it was offered. */
async function channelServer(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) =>
    socket.once('data', (request: Buffer) => {
      const offered = /^sec-websocket-protocol: (.*)$/im.exec(request.toString())?.[1] ?? '';
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nX-Upstream: ${name}\r\nX-Offered: ${offered}\r\n\r\n`);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Opens a live session through the gateway (offering `protocols`); which channel server answered it, and what it was offered. */
function upgradeTo(gateway: string, protocols?: string): Promise<{ upstream: string; offered: string }> {
  const { hostname, port } = new URL(gateway);
  const offer = protocols ? `Sec-WebSocket-Protocol: ${protocols}\r\n` : '';
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`GET /v1/ws HTTP/1.1\r\nHost: parley\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${offer}\r\n`),
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.once('close', () => resolve({ upstream: /X-Upstream: (\w+)/.exec(answer)?.[1] ?? `none: ${answer}`, offered: /X-Offered: (.*)\r\n/.exec(answer)?.[1] ?? '' }));
    socket.once('error', reject);
  });
}
const upgrade = async (gateway: string) => (await upgradeTo(gateway)).upstream;

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

describe('the web gateway asking lookup where a live session goes', () => {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  let a: { url: string; server: Server };
  let b: { url: string; server: Server };
  let downUrl: string;
  let lookup: HttpServer;
  let gateway: WebGateway;
  /** What lookup was asked: the bearer token and the instance to avoid. */
  const asked: { authorization: string | undefined; exclude: string | null }[] = [];
  /** Lookup's answer to a session that avoids nothing. */
  let choice: 'a' | 'b' | 'down' | 'refuse' = 'b';

  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    [a, b] = await Promise.all([channelServer('a'), channelServer('b')]);
    const down = await channelServer('down');
    downUrl = down.url;
    await new Promise((resolve) => down.server.close(resolve));
    lookup = createHttpServer((req, res) => {
      const url = new URL(req.url!, 'http://lookup');
      const exclude = url.searchParams.get('exclude');
      asked.push({ authorization: req.headers.authorization, exclude });
      if (req.headers.authorization !== 'Bearer token-of-ann' || choice === 'refuse') return res.writeHead(401).end('{}');
      const pick = exclude === 'down' ? 'a' : choice;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ instanceId: pick, url: { a: a.url, b: b.url, down: downUrl }[pick] }));
    });
    await new Promise<void>((resolve) => lookup.listen(0, '127.0.0.1', resolve));
    const lookupUrl = `http://127.0.0.1:${(lookup.address() as { port: number }).port}`;
    const upstreams = { lookup: lookupUrl, channel: a.url, files: downUrl, provisioning: downUrl, compliance: downUrl };
    gateway = await startWebGateway({ host: '127.0.0.1', port: 0, distDir: dist, upstreams, liveChannels: [a.url, b.url] });
  });

  afterAll(async () => {
    await gateway?.close();
    for (const s of [a, b]) s?.server.close();
    lookup?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it("sends a browser's sessions where lookup says, as its user, and passes the user's token on to no one", async () => {
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await upgradeTo(gateway.url, 'parley.v1, parley.bearer.token-of-ann'));
    expect(sessions).toEqual(Array(3).fill({ upstream: 'b', offered: 'parley.v1' }));
    expect(asked.splice(0)).toEqual(Array(3).fill({ authorization: 'Bearer token-of-ann', exclude: null }));
  });

  it('asks lookup again, avoiding it, when the server lookup named does not answer', async () => {
    choice = 'down';
    expect(await upgradeTo(gateway.url, 'parley.v1, parley.bearer.token-of-ann')).toEqual({ upstream: 'a', offered: 'parley.v1' });
    expect(asked.splice(0).map((q) => q.exclude)).toEqual([null, 'down']);
  });

  it('goes to the channel servers in turn when lookup refuses, or the client names no user', async () => {
    choice = 'refuse';
    const refused = [];
    for (let i = 0; i < 2; i++) refused.push((await upgradeTo(gateway.url, 'parley.v1, parley.bearer.token-of-ann')).upstream);
    expect(refused.sort()).toEqual(['a', 'b']);
    asked.splice(0);
    const anonymous = [];
    for (let i = 0; i < 2; i++) anonymous.push(await upgradeTo(gateway.url));
    expect(anonymous.map((s) => s.upstream).sort()).toEqual(['a', 'b']);
    expect(anonymous.map((s) => s.offered)).toEqual(['', '']);
    expect(asked).toEqual([]);
  });
});
