import { Controller, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  DownloadQuerySchema,
  FileLinkSchema,
  FileViewSchema,
  IdParamSchema,
  PageQuerySchema,
  pageOf,
  parseOrThrow,
  RoomParamSchema,
  UploadQuerySchema,
  ValidationError,
} from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FilesRuntime } from '../files.runtime.js';
import { discardRest } from './discard-rest.js';
import { downloader, sendDownload } from './download-reply.js';

const tag = 'Files';

/** The length an upload declares: Content-Length, else `size` for a chunked body; both must agree. */
function declaredSize(request: FastifyRequest, size: number | undefined): number | undefined {
  const header = request.headers['content-length'];
  const length = header === undefined ? undefined : Number(header);
  if (length !== undefined && size !== undefined && length !== size) {
    throw new ValidationError('invalid upload', [{ path: 'size', message: `is ${size}, but Content-Length is ${length}` }]);
  }
  return length ?? size;
}

@Controller()
export class FilesController {
  constructor(@Inject(FilesRuntime) private readonly runtime: FilesRuntime) {}

  @Endpoint({
    method: 'POST',
    path: '/v1/rooms/:room/files',
    summary: 'Post a file to a room',
    description:
      'The body is the file’s bytes, sent as application/octet-stream (the type is sniffed from the content). Needs the right to post in the room and a category with file upload on; larger files than the server allows are refused (413) as soon as the limit is crossed.',
    tag,
    access: 'user',
    status: 201,
    params: RoomParamSchema,
    query: UploadQuerySchema,
    response: FileViewSchema,
  })
  async upload(@Param() params: unknown, @Query() query: unknown, @Req() request: FastifyRequest, @CurrentCaller() caller: Caller) {
    try {
      const { room } = parseOrThrow(RoomParamSchema, params, 'invalid room');
      const { name, caption, size } = parseOrThrow(UploadQuerySchema, query, 'invalid upload');
      if (request.body !== undefined) throw new ValidationError('invalid upload', [{ path: 'body', message: 'send the file’s bytes as the body, as application/octet-stream' }]);
      const file = await this.runtime.uploads.upload({ actorId: caller.userId, roomId: room, name, caption: caption ?? null, size: declaredSize(request, size), body: request.raw });
      return this.runtime.view(file);
    } catch (error) {
      discardRest(request.raw);
      throw error;
    }
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/rooms/:room/files',
    summary: 'The files posted to a room, newest first',
    tag,
    access: 'user',
    params: RoomParamSchema,
    query: PageQuerySchema,
    response: pageOf(FileViewSchema),
  })
  async list(@Param() params: unknown, @Query() query: unknown, @CurrentCaller() caller: Caller) {
    const { room } = parseOrThrow(RoomParamSchema, params, 'invalid room');
    const { limit, after } = parseOrThrow(PageQuerySchema, query, 'invalid query');
    const before = after === undefined ? undefined : Number(after);
    if (before !== undefined && !Number.isSafeInteger(before)) throw new ValidationError('invalid query', [{ path: 'after', message: 'is not a cursor this list gave' }]);
    await this.runtime.downloads.readable(caller.userId, room);
    // One more than asked for says whether there is a next page (none after a full last page).
    const files = await this.runtime.catalog.list(room, limit + 1, before);
    const page = files.slice(0, limit);
    return { items: page.map((f) => this.runtime.view(f)), next: files.length > limit ? String(page.at(-1)!.seq) : null };
  }

  @Endpoint({ method: 'GET', path: '/v1/files/:id/info', summary: 'What is known of a file: name, size, type, SHA-256, who posted it where and when', tag, access: 'user', params: IdParamSchema, response: FileViewSchema })
  async info(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid file');
    return this.runtime.view(await this.runtime.downloads.file(id, caller.userId));
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/files/:id/link',
    summary: 'A short-lived link that downloads the file without an Authorization header',
    description: 'For the caller only, who must be able to read the file now and when the link is used.',
    tag,
    access: 'user',
    params: IdParamSchema,
    response: FileLinkSchema,
  })
  async link(@Param() params: unknown, @Req() request: FastifyRequest, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid file');
    await this.runtime.downloads.file(id, caller.userId);
    const { query, expiresAt } = this.runtime.links.grant(id, caller.userId);
    return { url: `${request.protocol}://${request.host}/v1/files/${id}?${query}`, expiresAt: expiresAt.toISOString() };
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/files/:id',
    summary: 'Download a file',
    description:
      'With Authorization: Bearer, or the query of a signed link. Single byte ranges (Range: bytes=a-b) are answered with 206; the name is in Content-Disposition, the SHA-256 in ETag and Repr-Digest. Every download is recorded for compliance.',
    tag,
    access: 'public',
    params: IdParamSchema,
    query: DownloadQuerySchema,
  })
  async download(@Param() params: unknown, @Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid file');
    const options = parseOrThrow(DownloadQuerySchema, query, 'invalid download');
    const who = await downloader(this.runtime, id, request, options);
    await sendDownload(this.runtime, reply, { id, who, request, disposition: options.disposition });
  }
}
