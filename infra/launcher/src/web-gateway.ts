import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';

/** The services the gateway forwards to. */
export type Upstream = 'lookup' | 'channel' | 'files' | 'provisioning' | 'compliance';

export interface WebGatewayOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** The built web client (apps/web/dist). */
  distDir: string;
  /** Base URL of each service, e.g. http://127.0.0.1:8081. */
  upstreams: Record<Upstream, string>;
  /**
   * The channel servers live sessions go to (the multi-server topology's three); each new session
   * goes to the next, and on to the one after when a server does not answer. Default: `upstreams.channel`.
   */
  liveChannels?: readonly string[];
  /** Where failures to reach a service are reported. */
  log?: (line: string) => void;
}

export interface WebGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * Which service answers a request path, or undefined for the web client's own files. Most of the
 * API is provisioning's; a few paths under /v1/rooms belong to the channel (history) and the
 * files service, so those are matched first.
 */
export function upstreamFor(path: string): Upstream | undefined {
  const p = path.split('?')[0]!;
  if (p === '/v1/ws' || p === '/v1/search') return 'channel';
  if (/^\/v1\/rooms\/[^/]+\/history\/?$/.test(p)) return 'channel';
  if (p.startsWith('/v1/engagement/')) return 'channel';
  if (/^\/v1\/rooms\/[^/]+\/files(\/|$)/.test(p) || p.startsWith('/v1/files/')) return 'files';
  if (p.startsWith('/v1/lookup/')) return 'lookup';
  if (p.startsWith('/v1/compliance/')) return 'compliance';
  if (p.startsWith('/v1/') || p === '/v1' || p.startsWith('/.well-known/')) return 'provisioning';
  return undefined;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The web client never needs more than its own origin (and WebSockets to it). */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The single origin a browser talks to: serves the built web client and forwards /v1/* (HTTP and
 * the live WebSocket upgrade) to the service that answers it, so the client uses same-origin URLs.
 */
export async function startWebGateway(options: WebGatewayOptions): Promise<WebGateway> {
  const root = resolve(options.distDir);
  const log = options.log ?? (() => undefined);
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer((req, res) => {
    const upstream = upstreamFor(req.url ?? '/');
    if (upstream) return forward(req, res, new URL(options.upstreams[upstream]), log);
    serveStatic(root, req, res);
  });
  server.on('connection', track);
  const channels = options.liveChannels?.length ? options.liveChannels : [options.upstreams.channel];
  let nextChannel = 0;
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    if (upstreamFor(req.url ?? '/') !== 'channel') return client.destroy();
    let current: Duplex | undefined;
    client.once('error', () => client.destroy());
    client.once('close', () => current?.destroy());
    const attempt = (tried: number) => {
      const target = new URL(channels[nextChannel++ % channels.length]!);
      const service = connect(Number(target.port), target.hostname);
      current = service;
      track(service);
      let connected = false;
      service.once('error', (error) => {
        service.destroy();
        if (connected || client.destroyed) return client.destroy();
        if (tried + 1 < channels.length) return attempt(tried + 1);
        log(`web gateway: cannot reach a channel server: ${error.message}`);
        client.destroy();
      });
      service.once('connect', () => {
        connected = true;
        splice(service);
      });
    };
    const splice = (service: Duplex) => {
      // The upgrade request as the client sent it (header names and order kept), then both ways raw.
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      service.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) service.write(head);
      service.pipe(client).pipe(service);
      service.once('close', () => client.destroy());
    };
    attempt(0);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, log: (line: string) => void): void {
  const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '', 'x-forwarded-host': req.headers.host ?? '' };
  const outgoing = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.on('error', (error) => {
    log(`web gateway: cannot reach ${target.origin}: ${error.message}`);
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: `the service behind ${req.url?.split('?')[0]} cannot be reached` } }));
  });
  req.on('aborted', () => outgoing.destroy());
  req.pipe(outgoing);
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return void res.end();
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400);
    return void res.end();
  }
  const file = resolve(join(root, path));
  // Paths that leave the folder, and every client-side route, get the app itself.
  const inside = file.startsWith(root + sep);
  const found = inside && existsSync(file) && statSync(file).isFile();
  if (!found && extname(path)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('not found\n');
  }
  const asset = found ? file : join(root, 'index.html');
  if (!existsSync(asset)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('The web client is not built: run `npm run build` (or `npm start`, which builds it).\n');
  }
  const hashed = asset.startsWith(join(root, 'assets') + sep);
  res.writeHead(200, {
    'content-type': TYPES[extname(asset)] ?? 'application/octet-stream',
    // Vite names assets by content hash: they never change; index.html must be asked again.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(asset).pipe(res);
}
