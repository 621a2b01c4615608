import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ConfigError } from '@parley/config';
import { tempDir } from '@parley/testing';
import { UPSTREAMS, type Upstream } from './routes.js';
import { runWebServer, type RunningWebServer } from './web-server.js';

interface Stub {
  url: string;
  server: Server;
}

/** A stand-in service: answers every request with its name and what it received; `slow` paths answer after 300 ms. */
async function stubService(name: string): Promise<Stub> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: name, method: req.method, path: req.url, body, forwardedFor: req.headers['x-forwarded-for'] }));
      if (req.url?.includes('slow')) setTimeout(answer, 300);
      else answer();
    });
  });
  // A live session that stays open until one end closes it.
  server.on('upgrade', (_req, socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe('the web client’s server (the parley-web image’s process)', () => {
  const dist = tempDir('parley-web-dist-');
  const stubs = {} as Record<Upstream, Stub>;
  let env: NodeJS.ProcessEnv;
  let web: RunningWebServer;

  beforeAll(async () => {
    writeFileSync(join(dist.path, 'index.html'), '<!doctype html><title>Parley</title>');
    mkdirSync(join(dist.path, 'assets'));
    writeFileSync(join(dist.path, 'assets', 'index-abc123.js'), 'console.log("parley")');
    for (const service of UPSTREAMS) stubs[service] = await stubService(service);
    env = {
      PARLEY_HTTP_HOST: '127.0.0.1',
      PARLEY_HTTP_PORT: '0',
      PARLEY_WEB_DIST_DIR: dist.path,
      PARLEY_LOG_LEVEL: 'silent',
      ...Object.fromEntries(UPSTREAMS.map((s) => [`PARLEY_UPSTREAM_${s.toUpperCase()}_URL`, stubs[s].url])),
    };
    web = await runWebServer(env);
  });

  afterAll(async () => {
    await web?.close();
    for (const stub of Object.values(stubs)) stub.server.close();
    dist.remove();
  });

  it('serves the built web client, for its own paths and every client-side route', async () => {
    for (const path of ['/', '/rooms/r1']) {
      const response = await fetch(`${web.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(await response.text()).toBe('<!doctype html><title>Parley</title>');
    }
    const asset = await fetch(`${web.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${web.url}/assets/missing.js`)).status).toBe(404);
  });

  it('forwards each API path to the service that answers it, body and all', async () => {
    const asked = async (path: string, init?: RequestInit) => (await (await fetch(`${web.url}${path}`, init)).json()) as { service: string; method: string; path: string; body: string };
    expect(await asked('/v1/auth/login', { method: 'POST', body: '{"username":"ada"}' })).toMatchObject({ service: 'provisioning', method: 'POST', path: '/v1/auth/login', body: '{"username":"ada"}' });
    expect(await asked('/v1/lookup/rooms?q=lobby')).toMatchObject({ service: 'lookup', path: '/v1/lookup/rooms?q=lobby' });
    expect(await asked('/v1/rooms/r1/history?before=10')).toMatchObject({ service: 'channel' });
    expect(await asked('/v1/rooms/r1/files')).toMatchObject({ service: 'files' });
    expect(await asked('/v1/compliance/status')).toMatchObject({ service: 'compliance' });
    expect(await asked('/.well-known/jwks.json')).toMatchObject({ service: 'provisioning' });
  });

  it('answers its probes: live while it runs, ready while it has a web client to serve', async () => {
    const probe = async (path: string) => {
      const response = await fetch(`${web.url}${path}`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await probe('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe('/health/ready')).toEqual({ status: 200, body: { status: 'ok', checks: { client: 'up' } } });
    renameSync(join(dist.path, 'index.html'), join(dist.path, 'index.html.away'));
    try {
      expect(await probe('/health/ready')).toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { client: 'down' }, details: { client: 'the web client is not built (no index.html)' } },
      });
    } finally {
      renameSync(join(dist.path, 'index.html.away'), join(dist.path, 'index.html'));
    }
  });

  it('gives services the client’s address: its own peer’s, or after a trusted proxy’s list with PARLEY_TRUST_PROXY', async () => {
    const forwardedFor = async (url: string) => ((await (await fetch(`${url}/v1/me`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).json()) as { forwardedFor: string }).forwardedFor;
    expect(await forwardedFor(web.url)).toBe('127.0.0.1');
    const behindProxy = await runWebServer({ ...env, PARLEY_TRUST_PROXY: 'true' });
    try {
      expect(await forwardedFor(behindProxy.url)).toBe('203.0.113.7, 127.0.0.1');
    } finally {
      await behindProxy.close();
    }
  });

  it('refuses to start, naming every bad variable', async () => {
    const error = await runWebServer({ ...env, PARLEY_HTTP_PORT: 'http', PARLEY_UPSTREAM_FILES_URL: 'files:8082', PARLEY_LOG_LEVEL: 'chatty' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.env)).toEqual(['PARLEY_HTTP_PORT', 'PARLEY_UPSTREAM_FILES_URL', 'PARLEY_LOG_LEVEL']);
  });

  it('refuses to start without a built web client', async () => {
    const empty = tempDir('parley-web-empty-');
    try {
      await expect(runWebServer({ ...env, PARLEY_WEB_DIST_DIR: empty.path })).rejects.toThrow(/PARLEY_WEB_DIST_DIR: .* holds no built web client \(index\.html\)/);
    } finally {
      empty.remove();
    }
  });

  it('stops by ending live sessions at once and letting requests under way finish', async () => {
    const stopping = await runWebServer({ ...env, PARLEY_SHUTDOWN_GRACE_MS: '5000' });
    const { port } = new URL(stopping.url);
    const session = connect(Number(port), '127.0.0.1');
    const sessionOpen = new Promise<string>((resolve) => session.once('data', (chunk) => resolve(chunk.toString())));
    session.write('GET /v1/ws HTTP/1.1\r\nHost: parley\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    expect(await sessionOpen).toMatch(/^HTTP\/1\.1 101/);
    const sessionEnded = new Promise<void>((resolve) => session.once('close', () => resolve()));

    const slow = fetch(`${stopping.url}/v1/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const began = Date.now();
    const stopped = stopping.close();
    await sessionEnded;
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ service: 'provisioning', path: '/v1/slow' });
    await stopped;
    expect(Date.now() - began).toBeLessThan(2_000);
    await expect(fetch(`${stopping.url}/health/live`)).rejects.toThrow();
  });
});
