import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { HEALTH_PATHS, upstreamFor, type Upstream } from './routes.js';
import { clientBuilt, serveStatic } from './static-files.js';

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
  /**
   * A proxy in front (an ingress controller) sets X-Forwarded-For: keep its addresses and add the
   * proxy's own. Otherwise the gateway is the edge and the header carries only the client's address.
   */
  trustProxy?: boolean;
  /** Where failures to reach a service are reported. */
  log?: (line: string) => void;
}

export interface WebGateway {
  url: string;
  /**
   * Stops taking connections and ends live sessions at once (clients resume them elsewhere);
   * requests under way have `graceMs` (default 0) to finish before they are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The single origin a browser talks to: serves the built web client and forwards /v1/* (HTTP and
 * the live WebSocket upgrade) to the service that answers it, so the client uses same-origin URLs.
 * It answers its own probes at HEALTH_PATHS: live while it runs, ready while it has the client to serve.
 */
export async function startWebGateway(options: WebGatewayOptions): Promise<WebGateway> {
  const root = resolve(options.distDir);
  const log = options.log ?? (() => undefined);
  const sockets = new Set<Duplex>();
  /** Both ends of every live session (upgraded connections), ended first when stopping. */
  const tunnels = new Set<Duplex>();
  const track = (set: Set<Duplex>, socket: Duplex) => {
    set.add(socket);
    socket.once('close', () => set.delete(socket));
  };
  let stopping = false;

  const server = createServer((req, res) => {
    // While stopping, a kept-alive connection closes once its last response is out.
    res.once('finish', () => stopping && setImmediate(() => server.closeIdleConnections()));
    const path = (req.url ?? '/').split('?')[0];
    if (path === HEALTH_PATHS.live) return health(req, res);
    if (path === HEALTH_PATHS.ready) {
      const built = clientBuilt(root);
      const problems = { ...(built ? {} : { client: 'the web client is not built (no index.html)' }), ...(stopping ? { gateway: 'stopping' } : {}) };
      return health(req, res, { checks: { client: built ? 'up' : 'down' }, problems });
    }
    const upstream = upstreamFor(req.url ?? '/');
    if (upstream) return forward(req, res, new URL(options.upstreams[upstream]), options.trustProxy === true, log);
    serveStatic(root, req, res);
  });
  server.on('connection', (socket: Duplex) => track(sockets, socket));
  const channels = options.liveChannels?.length ? options.liveChannels : [options.upstreams.channel];
  let nextChannel = 0;
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    if (upstreamFor(req.url ?? '/') !== 'channel' || stopping) return client.destroy();
    track(tunnels, client);
    let current: Duplex | undefined;
    client.once('error', () => client.destroy());
    client.once('close', () => current?.destroy());
    const attempt = (tried: number) => {
      const target = new URL(channels[nextChannel++ % channels.length]!);
      const service = connect(Number(target.port || 80), target.hostname);
      current = service;
      track(tunnels, service);
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
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: (graceMs = 0) =>
      (closed ??= new Promise<void>((resolveClose) => {
        stopping = true;
        const cut = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolveClose();
        });
        for (const tunnel of tunnels) tunnel.destroy();
        server.closeIdleConnections();
      })),
  };
}

/** A probe's answer, shaped as the services' (nest-kit's HealthController): 200 when nothing is wrong, else 503 and why. */
function health(req: IncomingMessage, res: ServerResponse, state: { checks?: Record<string, 'up' | 'down'>; problems?: Record<string, string> } = {}): void {
  const ok = Object.keys(state.problems ?? {}).length === 0;
  const body = JSON.stringify({ status: ok ? 'ok' : 'unavailable', ...(state.checks ? { checks: state.checks } : {}), ...(ok ? {} : { details: state.problems }) });
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** X-Forwarded-For as the service should see it: the client's address, after any a trusted proxy gave. */
function forwardedFor(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? '';
  const earlier = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  return earlier ? `${earlier}, ${peer}` : peer;
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, trustProxy: boolean, log: (line: string) => void): void {
  const forwardedHost = (trustProxy ? req.headers['x-forwarded-host'] : undefined) ?? req.headers.host ?? '';
  const headers = { ...req.headers, 'x-forwarded-for': forwardedFor(req, trustProxy), 'x-forwarded-host': forwardedHost };
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
