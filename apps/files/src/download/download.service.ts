import type { Readable } from 'node:stream';
import { NotFoundError } from '@parley/contracts';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { ChannelRooms } from '../channel/channel-rooms.js';
import type { FileCatalog, FileRecord } from '../metadata/file-catalog.js';
import { objectKey, type BlobStore, type ByteRange } from '../store/blob-store.js';
import { parseRange } from './range.js';

/** Who asks for a file, and how they proved it. */
export interface Downloader {
  userId: string;
  via: 'token' | 'link';
}

export type Download =
  | { kind: 'content'; file: FileRecord; range: ByteRange | undefined; body: Readable }
  | { kind: 'unchanged'; file: FileRecord }
  | { kind: 'unsatisfiable'; file: FileRecord };

/**
 * Downloads: the catalogue says which room a file is in, the channel whether the downloader may
 * read that room, and each download (or range of one) is recorded as a FileDownloaded activity
 * fact before the first byte is sent, so compliance sees every one.
 */
export class DownloadService {
  constructor(
    private readonly catalog: FileCatalog,
    private readonly channel: ChannelRooms,
    private readonly store: BlobStore,
    private readonly log: EventLog,
  ) {}

  /** Checks that the user may read the room's files. */
  async readable(userId: string, roomId: string): Promise<void> {
    await this.channel.access(userId, roomId, 'read');
  }

  /** A file the user may read; NotFoundError for one they may not even know of. */
  async file(fileId: string, userId: string): Promise<FileRecord> {
    // A file posted a moment ago (through another instance) may not be in this catalogue yet.
    const file = (await this.catalog.get(fileId)) ?? ((await this.catalog.caughtUp()) ? await this.catalog.get(fileId) : undefined);
    if (!file) throw new NotFoundError(`no file ${fileId}`);
    await this.channel.access(userId, file.roomId, 'read');
    return file;
  }

  /**
   * The content (or the range asked for) of a file, recorded as downloaded; `etag` is the client's
   * If-None-Match, answered without content when it still holds (nothing is sent, nothing recorded).
   */
  async open(fileId: string, who: Downloader, rangeHeader: string | undefined, etag: string | undefined): Promise<Download> {
    const file = await this.file(fileId, who.userId);
    if (etag !== undefined && etag.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${file.sha256}"`)) return { kind: 'unchanged', file };
    const asked = parseRange(rangeHeader, file.size);
    if (asked.kind === 'unsatisfiable') return { kind: 'unsatisfiable', file };
    const range = asked.kind === 'range' ? asked.range : undefined;
    const body = await this.store.read(objectKey(fileId), range);
    try {
      const draft = { type: 'FileDownloaded', actor: { kind: 'user', id: who.userId }, data: { userId: who.userId, fileId, name: file.name, range: range ?? null, via: who.via } };
      await this.log.record({ kind: 'room', id: file.roomId }, [draft as EventDraft]);
    } catch (error) {
      body.destroy();
      throw error;
    }
    return { kind: 'content', file, range, body };
  }
}
