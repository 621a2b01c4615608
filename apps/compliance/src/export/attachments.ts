import { createReadStream, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { ValidationError } from '@parley/contracts';
import type { Attachment } from './export-writer.js';

/** Where the files service keeps file contents, read-only, to copy attachments into exports. */
export interface AttachmentStore {
  readonly description: string;
  /** The file's bytes; rejects when the store does not have it. */
  read(fileId: string): Promise<Readable>;
}

/**
 * The files service's local folder store: the content of file `<id>` is `<root>/files/<id>`
 * (its object key, `files/<id>`, under the store's root).
 */
export class LocalAttachmentStore implements AttachmentStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `local ${resolve(root)}`;
  }

  async read(fileId: string): Promise<Readable> {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(fileId)) throw new Error(`invalid file id "${fileId}"`);
    const stream = createReadStream(join(this.root, 'files', fileId));
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
    return stream;
  }
}

/** `local:<dir>` (the files service's default store); other stores' contents are not copied. */
export function attachmentStore(setting: string | undefined, dataDir: string): AttachmentStore | undefined {
  const value = setting || `local:${join(dataDir, 'files')}`;
  if (value.startsWith('local:')) return new LocalAttachmentStore(value.slice('local:'.length));
  if (value.startsWith('s3://')) return undefined;
  throw new ValidationError('invalid file store setting', [{ path: 'PARLEY_FILE_STORE', message: 'must be local:<directory> or s3://<bucket>' }]);
}

/** A file name safe in any file system: the id first (unique), then the name's harmless characters. */
export const attachmentFileName = (a: Attachment) => `${a.fileId}-${a.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}`;

export interface CopiedAttachment extends Attachment {
  /** Where the copy is, relative to the run's folder; null when it could not be copied (`problem` says why). */
  copiedAs: string | null;
  problem: string | null;
}

/**
 * Copies each attachment into `dir`, checking its SHA-256 against the one its FilePosted event
 * recorded: a copy that does not match is kept, and the manifest says so.
 */
export async function copyAttachments(store: AttachmentStore | undefined, attachments: readonly Attachment[], dir: string, folder: string): Promise<CopiedAttachment[]> {
  const copied: CopiedAttachment[] = [];
  for (const a of attachments) {
    if (!store) {
      copied.push({ ...a, copiedAs: null, problem: 'the file store is not a local folder; copy it from the store by its fileId' });
      continue;
    }
    const name = `${folder}/${attachmentFileName(a)}`;
    try {
      const hash = createHash('sha256');
      const source = await store.read(a.fileId);
      source.on('data', (chunk: Buffer) => hash.update(chunk));
      await pipeline(source, createWriteStream(join(dir, name), { flags: 'wx' }));
      const digest = hash.digest('hex');
      copied.push({ ...a, copiedAs: name, problem: digest === a.sha256 ? null : `content SHA-256 is ${digest}, not the ${a.sha256} recorded when it was posted` });
    } catch (error) {
      copied.push({ ...a, copiedAs: null, problem: `not copied: ${(error as Error).message}` });
    }
  }
  return copied;
}
