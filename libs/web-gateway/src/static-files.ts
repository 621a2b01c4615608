import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

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

/**
 * The web client never needs more than its own origin (and WebSockets to it), but for rooms'
 * add-ins: web pages administrators registered, framed sandboxed (any http(s) origin).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-src http: https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The built web client of this installation: apps/web/dist, beside libs/web-gateway (in the repository, and in the parley-web image). */
export const INSTALLED_CLIENT = join(__dirname, '..', '..', '..', 'apps', 'web', 'dist');

/** Whether the built web client is there to serve (its index.html is a file). */
export function clientBuilt(root: string): boolean {
  const index = join(resolve(root), 'index.html');
  return existsSync(index) && statSync(index).isFile();
}

/** Answers a request for the web client's files from `root`; every other path gets index.html (client-side routes). */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
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
