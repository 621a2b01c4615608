import type { Readable } from 'node:stream';

/** Bytes `start` to `end` of an object, both inclusive (as in HTTP ranges). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file contents live: S3 / MinIO, or a local folder. Objects are written once under a fresh
 * key and never changed; what makes one part of a room is its FilePosted event, kept elsewhere.
 * Failures to reach the store are UnavailableErrors.
 */
export interface BlobStore {
  /** For logs: `s3 http://minio:9000/parley-files`, `local /var/lib/parley/files`. */
  readonly description: string;
  /** Creates what the store needs (the bucket, the folders) if it is missing. */
  open(): Promise<void>;
  /**
   * Stores everything `body` yields under `key` (`size` when the length is known up front). When
   * `body` fails (the upload was cut off, or is too large), the write fails and no object is left.
   */
  write(key: string, body: Readable, size: number | undefined): Promise<void>;
  /** The object's bytes, or a range of them; a NotFoundError when there is no such object. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the object; removing one that is not there is no error. */
  remove(key: string): Promise<void>;
}

/** The key of a file's object. */
export const objectKey = (fileId: string) => `files/${fileId}`;
