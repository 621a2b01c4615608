import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { BEARER_SUBPROTOCOL_PREFIX } from '@parley/contracts';
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
   * The channel servers live sessions go to when lookup does not choose (a client that does not
   * name its user, lookup not answering): each new session goes to the next, and on to the one
   * after when a server does not answer. Default: `upstreams.channel`.
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

/** Longest wait for lookup's answer before a session goes to the next channel server in turn. */
const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * The single origin a browser talks to: serves the built web client and forwards /v1/* (HTTP and
 * the live WebSocket upgrade) to the service that answers it, so the client uses same-origin URLs.
 * A live session whose client names its user goes to the channel server lookup chooses (the least
 * loaded, not draining; another one if that one does not answer). It answers its own probes at
 * HEALTH_PATHS: live while it runs, ready while it has the client to serve.
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
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const token = offered.find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX))?.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    const protocols = offered.filter((p) => !p.startsWith(BEARER_SUBPROTOCOL_PREFIX));
    // Lookup's choice, then (if it did not answer) another of lookup's, then the others in turn.
    const tries = channels.length + (token ? 2 : 0);
    const choose = async (tried: number, exclude: string | undefined): Promise<{ url: string; instanceId?: string }> => {
      const asked = token && tried < 2 ? await sessionTarget(options.upstreams.lookup, token, exclude) : undefined;
      return asked ?? { url: channels[nextChannel++ % channels.length]! };
    };
    const attempt = async (tried: number, exclude?: string) => {
      const target = await choose(tried, exclude);
      if (client.destroyed) return;
      const url = new URL(target.url);
      const service = connect(Number(url.port || 80), url.hostname);
      current = service;
      track(tunnels, service);
      let connected = false;
      service.once('error', (error) => {
        service.destroy();
        if (connected || client.destroyed) return client.destroy();
        if (tried + 1 < tries) return void attempt(tried + 1, target.instanceId ?? exclude);
        log(`web gateway: cannot reach a channel server: ${error.message}`);
        client.destroy();
      });
      service.once('connect', () => {
        connected = true;
        splice(service);
      });
    };
    const splice = (service: Duplex) => {
      // The upgrade request as the client sent it (header names and order kept, the user's token
      // taken out of the offered protocols), then both ways raw.
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!;
        if (name.toLowerCase() !== 'sec-websocket-protocol') lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
        else if (protocols.length) lines.push(`${name}: ${protocols.join(', ')}`);
      }
      service.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) service.write(head);
      service.pipe(client).pipe(service);
      service.once('close', () => client.destroy());
    };
    void attempt(0);
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

/**
 * Asks lookup, as the signed-in user, which channel server a new live session goes to (avoiding
 * `exclude`); undefined when lookup does not answer, refuses, or names no plain-HTTP address.
 */
function sessionTarget(lookup: string, token: string, exclude: string | undefined): Promise<{ instanceId: string; url: string } | undefined> {
  const url = new URL('/v1/lookup/session', lookup);
  if (exclude) url.searchParams.set('exclude', exclude);
  return new Promise((resolveTarget) => {
    const asked = request(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeout: LOOKUP_TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', () => resolveTarget(undefined));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolveTarget(undefined);
        try {
          const target = JSON.parse(body) as { instanceId?: unknown; url?: unknown };
          const usable = typeof target.instanceId === 'string' && typeof target.url === 'string' && /^http:\/\//.test(target.url);
          resolveTarget(usable ? { instanceId: target.instanceId as string, url: target.url as string } : undefined);
        } catch {
          resolveTarget(undefined);
        }
      });
    });
    asked.on('timeout', () => asked.destroy());
    asked.on('error', () => resolveTarget(undefined));
    asked.end();
  });
}
