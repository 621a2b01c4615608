import type { Readable } from 'node:stream';
import { PayloadTooLargeError, UnavailableError, uuidv7 } from '@parley/contracts';
import type { ChannelRooms } from '../channel/channel-rooms.js';
import type { FileCatalog, FileRecord } from '../metadata/file-catalog.js';
import type { Scanner } from '../scan/clamd.js';
import { objectKey, type BlobStore } from '../store/blob-store.js';
import type { PendingUploads } from '../sweep/pending-uploads.js';
import { sanitizeFileName } from './file-name.js';
import { UploadInspector } from './inspector.js';
import { sniffContentType, SNIFF_BYTES } from './sniff.js';

export interface UploadRequest {
  actorId: string;
  roomId: string;
  /** As the client sent it; sanitised here. */
  name: string;
  caption: string | null;
  /** The length the client declared (Content-Length, or `size` for a chunked body). */
  size: number | undefined;
  body: Readable;
}

export interface UploadDeps {
  channel: ChannelRooms;
  store: BlobStore;
  catalog: FileCatalog;
  pending: PendingUploads;
  scanner: Scanner | undefined;
  /** The server's `maxFileSizeKb`, now. */
  maxFileSizeKb(): number;
  onCleanupError(error: unknown): void;
}

/**
 * Posting a file: the channel says whether the user may post files in the room, before a byte is
 * read; the bytes stream to the store under a fresh key (measured, hashed, sniffed and scanned on
 * the way, cut off at the size limit); then the channel appends the FilePosted event. Whatever
 * fails, no event names a missing object, and no object stays without an event: it is removed at
 * once, or (when removal fails, or the post's fate is unknown) left marked for the sweeper.
 */
export class UploadService {
  constructor(private readonly deps: UploadDeps) {}

  async upload(request: UploadRequest): Promise<FileRecord> {
    const { channel, store, pending } = this.deps;
    const name = sanitizeFileName(request.name);
    await channel.access(request.actorId, request.roomId, 'upload');
    const maxKb = this.deps.maxFileSizeKb();
    const tooLarge = `the file is larger than the ${maxKb.toLocaleString('en-US')} KB the server allows`;
    if (request.size !== undefined && request.size > maxKb * 1024) throw new PayloadTooLargeError(tooLarge);
    const fileId = uuidv7();
    await pending.add({ fileId, roomId: request.roomId, startedAt: new Date() });
    let fateUnknown = false;
    try {
      const stored = await this.store(fileId, request, { maxBytes: maxKb * 1024, tooLarge, expected: request.size });
      const contentType = sniffContentType(stored.head, name, stored.size <= SNIFF_BYTES);
      const details = { fileId, name, size: stored.size, contentType, sha256: stored.sha256, caption: request.caption };
      const posted = await channel.post({ ...details, actorId: request.actorId, roomId: request.roomId, commandId: `file-${fileId}` }).catch((error: unknown) => {
        fateUnknown = error instanceof UnavailableError;
        throw fateUnknown ? new UnavailableError(`the channel service did not confirm the post; if the file does not appear in the room, upload it again (${(error as Error).message})`) : error;
      });
      await pending.done(fileId).catch(this.deps.onCleanupError);
      await this.deps.catalog.settled(posted.streamSeq);
      return { ...details, roomId: request.roomId, seq: posted.seq, streamSeq: posted.streamSeq, uploaderId: request.actorId, postedAt: posted.postedAt };
    } catch (error) {
      if (!fateUnknown) {
        await store
          .remove(objectKey(fileId))
          .then(() => pending.done(fileId))
          .catch(this.deps.onCleanupError);
      }
      throw error;
    }
  }

  private async store(fileId: string, request: UploadRequest, limits: ConstructorParameters<typeof UploadInspector>[0]) {
    const scan = await this.deps.scanner?.start();
    try {
      const inspector = new UploadInspector(limits, scan);
      // Not pipeline(): a refused upload must not destroy the request, or its answer (413) could not be sent.
      request.body.once('error', (error) => inspector.destroy(error));
      request.body.pipe(inspector);
      await this.deps.store.write(objectKey(fileId), inspector, request.size);
      await scan?.finish();
      return { size: inspector.bytes, sha256: inspector.digest(), head: inspector.head };
    } catch (error) {
      scan?.abort();
      throw error;
    }
  }
}
