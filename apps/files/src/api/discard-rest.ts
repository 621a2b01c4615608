import type { IncomingMessage } from 'node:http';

/** The most of a refused body read and thrown away before the connection is closed instead. */
const DISCARD_BYTES = 16 * 1024 * 1024;
const DISCARD_MS = 10_000;

/**
 * After refusing an upload whose body has not all arrived, reads the rest and throws it away, so
 * the client, still sending, gets the answer (413, 403...) instead of a reset connection. Past
 * DISCARD_BYTES or DISCARD_MS the connection is closed: a refusal never costs a whole upload.
 */
export function discardRest(request: IncomingMessage): void {
  if (request.complete || request.destroyed) return;
  let discarded = 0;
  const close = () => request.socket.destroy();
  const timer = setTimeout(close, DISCARD_MS).unref();
  request.once('close', () => clearTimeout(timer));
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) close();
  });
  // read() marks the request as consumed, so Node does not dump it itself (which drops these listeners).
  request.read(0);
  request.resume();
}
