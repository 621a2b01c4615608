import { request } from 'node:http';
import type { Readable } from 'node:stream';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/**
 * Posts a file with node:http, so a test decides the headers (Content-Length or chunked) and can
 * cut the upload off: `cutAfter` bytes into the body, the connection is destroyed.
 */
export function postFile(
  url: string,
  token: string | undefined,
  body: Buffer | Readable,
  options: { contentLength?: number; contentType?: string; cutAfter?: number; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/octet-stream' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const length = options.contentLength ?? (Buffer.isBuffer(body) ? body.length : undefined);
    if (options.chunked) headers['transfer-encoding'] = 'chunked';
    else if (length !== undefined) headers['content-length'] = String(length);
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    // A server may answer before it has read the whole body (a refusal) and close: the answer counts.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (error) => void (answered ? undefined : reject(error)));
    if (Buffer.isBuffer(body)) {
      if (options.cutAfter === undefined) req.end(body);
      else req.write(body.subarray(0, options.cutAfter), () => setTimeout(() => req.destroy(), 50));
      return;
    }
    body.pipe(req);
  });
}
