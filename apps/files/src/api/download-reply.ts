import { Readable } from 'node:stream';
import type { z } from 'zod';
import { ErrorCode, UnauthorizedError, type DownloadQuerySchema } from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Downloader } from '../download/download.service.js';
import type { FilesRuntime } from '../files.runtime.js';
import type { FileRecord } from '../metadata/file-catalog.js';
import { contentDisposition } from '../upload/file-name.js';
import { showableInline } from '../upload/sniff.js';

/**
 * Who a download is for: the bearer of an access token, or the user a signed link was made for
 * (clients that cannot send headers). The endpoint is public so that links work; this is its check.
 */
export async function downloader(runtime: FilesRuntime, fileId: string, request: FastifyRequest, query: z.output<typeof DownloadQuerySchema>): Promise<Downloader> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return { userId: (await runtime.verify(bearer)).userId, via: 'token' };
  if (query.signature !== undefined && query.user !== undefined && query.expires !== undefined) {
    runtime.links.verify({ fileId, userId: query.user, expires: query.expires }, query.signature);
    return { userId: query.user, via: 'link' };
  }
  throw new UnauthorizedError('sign in first: this request needs "Authorization: Bearer <access token>", or use a signed link (POST /v1/files/:id/link)');
}

/** Headers every answer about a file carries: what it is, and that browsers must not guess or run it. */
function fileHeaders(file: FileRecord, disposition: 'attachment' | 'inline'): Record<string, string> {
  const shown = disposition === 'inline' && showableInline(file.contentType) ? 'inline' : 'attachment';
  return {
    'content-type': file.contentType,
    'content-disposition': contentDisposition(shown, file.name),
    etag: `"${file.sha256}"`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  };
}

/** Answers a download: the whole file (200), a range (206), not modified (304), an unsatisfiable range (416), or headers only (HEAD). */
export async function sendDownload(
  runtime: FilesRuntime,
  reply: FastifyReply,
  request: { id: string; who: Downloader; request: FastifyRequest; disposition: 'attachment' | 'inline' },
): Promise<void> {
  const { id, who, disposition } = request;
  if (request.request.method === 'HEAD') {
    // Headers only: nothing is sent, so nothing is recorded. (An empty stream, since Fastify answers
    // a HEAD without a body with Content-Length 0, but keeps the one given with a stream.)
    const file = await runtime.downloads.file(id, who.userId);
    await reply.status(200).headers({ ...fileHeaders(file, disposition), 'content-length': String(file.size) }).send(Readable.from([]));
    return;
  }
  const download = await runtime.downloads.open(id, who, request.request.headers.range, request.request.headers['if-none-match']);
  const headers = fileHeaders(download.file, disposition);
  switch (download.kind) {
    case 'unchanged':
      await reply.status(304).headers(headers).send();
      return;
    case 'unsatisfiable':
      await reply
        .status(416)
        .headers({ 'content-range': `bytes */${download.file.size}` })
        .send({ error: { code: ErrorCode.Validation, message: `the range asked for is outside the file (${download.file.size} bytes)` } });
      return;
    case 'content': {
      const { range, body, file } = download;
      const digest = `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`;
      const length = range ? range.end - range.start + 1 : file.size;
      await reply
        .status(range ? 206 : 200)
        .headers({ ...headers, 'content-length': String(length), 'repr-digest': digest, ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${file.size}` } : {}) })
        .send(body);
      return;
    }
  }
}
