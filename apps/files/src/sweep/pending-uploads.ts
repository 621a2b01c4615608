import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeEntry, getLive, guard, openBucket } from '@parley/auth';
import { z } from 'zod';

const MarkerSchema = z.object({ roomId: z.string(), startedAt: z.iso.datetime() });

export interface PendingUpload {
  fileId: string;
  roomId: string;
  startedAt: Date;
}

/**
 * Uploads in progress, one marker each in the NATS KV bucket `file_uploads`, written before the
 * first byte reaches the store and removed once the file is posted (or its object removed). A
 * marker that outlives its upload (the process died, the store or the channel failed in a way
 * that left the object) is how the sweeper finds objects no FilePosted event names.
 */
export class PendingUploads {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, namespace: string): Promise<PendingUploads> {
    return new PendingUploads(await openBucket(nc, 'file_uploads', { namespace }));
  }

  async add(upload: PendingUpload): Promise<void> {
    await guard('note the upload', () => this.kv.put(upload.fileId, JSON.stringify({ roomId: upload.roomId, startedAt: upload.startedAt.toISOString() })));
  }

  async done(fileId: string): Promise<void> {
    await guard('clear the upload', () => this.kv.purge(fileId));
  }

  /** Markers of uploads started before `before`. */
  async startedBefore(before: Date): Promise<PendingUpload[]> {
    const out: PendingUpload[] = [];
    const keys = await guard('list uploads', () => this.kv.keys());
    for await (const fileId of keys) {
      const entry = await guard('read an upload', () => getLive(this.kv, fileId));
      if (!entry) continue;
      const marker = decodeEntry(MarkerSchema, entry);
      const startedAt = new Date(marker.startedAt);
      if (startedAt < before) out.push({ fileId, roomId: marker.roomId, startedAt });
    }
    return out;
  }
}
