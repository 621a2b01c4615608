import { errorFromBody, FileLinkSchema, FileViewSchema, pageOf, UnavailableError, type ErrorBody, type FileView } from '@parley/contracts';
import { allPages, answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import { sessionHttp, type Session } from './session.js';
import type { Page } from './types.js';

export type { FileView };

/** A file to upload: its name, its size when known, and how to read it (again, if the first try's token was refused). */
export interface UploadSource {
  name: string;
  size?: number;
  open(): ReadableStream<Uint8Array> | Blob;
}

/** A download: what the server says of the file, and its bytes as they arrive. */
export interface DownloadedFile {
  name: string;
  size: number;
  contentType: string;
  /** SHA-256 of the whole file, lower-case hex, to check what was received. */
  sha256: string;
  body: ReadableStream<Uint8Array>;
}

const fileView = answer(FileViewSchema, 'a file');

/** The file name of a Content-Disposition header: `filename*` (RFC 8187) when given, else `filename`. */
function dispositionName(header: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]*)"/i.exec(header ?? '')?.[1] ?? 'file';
}

/**
 * The files service (`files` of GET /v1/endpoints): uploads and downloads stream (nothing is held
 * whole in memory), with the session's access token, renewed once when the server refuses it.
 */
export class FilesClient {
  private readonly http: HttpClient;
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly session: Session,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.http = sessionHttp(session, this.baseUrl, { fetch: fetchImpl });
  }

  /** Posts a file to a room; it appears there as a FilePosted event. */
  async upload(roomId: string, source: UploadSource, options: { caption?: string } = {}): Promise<FileView> {
    const query = new URLSearchParams({ name: source.name });
    if (options.caption !== undefined) query.set('caption', options.caption);
    if (source.size !== undefined) query.set('size', String(source.size));
    const url = `${this.baseUrl}/v1/rooms/${segment(roomId)}/files?${query}`;
    const send = async (token: string) => {
      const init = { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: source.open(), duplex: 'half' };
      return this.request(url, init as RequestInit);
    };
    let token = await this.session.accessToken();
    let response = await send(token);
    if (response.status === 401) {
      token = await this.session.accessTokenAfterRefusal(token);
      response = await send(token);
    }
    return fileView(await this.json(response));
  }

  /** Downloads a file (or `range`, as `bytes=a-b`), as a stream. */
  async download(fileId: string, options: { range?: string } = {}): Promise<DownloadedFile> {
    const url = `${this.baseUrl}/v1/files/${segment(fileId)}`;
    const send = (token: string) => this.request(url, { headers: { authorization: `Bearer ${token}`, ...(options.range ? { range: options.range } : {}) } });
    const token = await this.session.accessToken();
    let response = await send(token);
    if (response.status === 401) response = await send(await this.session.accessTokenAfterRefusal(token));
    if (!response.ok) await this.json(response);
    return {
      name: dispositionName(response.headers.get('content-disposition')),
      size: Number(response.headers.get('content-length') ?? 0),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      sha256: (response.headers.get('etag') ?? '').replace(/"/g, ''),
      body: response.body ?? new Blob([]).stream(),
    };
  }

  async info(fileId: string): Promise<FileView> {
    return fileView(await this.http.get(`/v1/files/${segment(fileId)}/info`));
  }

  /** A room's files, newest first, a page at a time. */
  async list(roomId: string, query: { limit?: number; after?: string } = {}): Promise<Page<FileView>> {
    return answer(pageOf(FileViewSchema), 'GET /v1/rooms/:room/files')(await this.http.get(`/v1/rooms/${segment(roomId)}/files`, query));
  }

  /** Every file of a room, newest first, fetching pages as the caller iterates. */
  all(roomId: string, limit = 200): AsyncGenerator<FileView> {
    return allPages((after) => this.list(roomId, { limit, after }));
  }

  /** A short-lived URL that downloads the file without a token, for this user. */
  async link(fileId: string): Promise<{ url: string; expiresAt: string }> {
    return answer(FileLinkSchema, 'a download link')(await this.http.post(`/v1/files/${segment(fileId)}/link`));
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new UnavailableError(`cannot reach ${this.baseUrl} (${cause})`, { cause: error });
    }
  }

  /** The JSON of a success, or the coded error of a failure. */
  private async json(response: Response): Promise<unknown> {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed;
    const error = (parsed as { error?: ErrorBody } | undefined)?.error;
    if (error?.code) throw errorFromBody(error);
    throw new UnavailableError(`${this.baseUrl} answered ${response.status} ${response.statusText}`);
  }
}
