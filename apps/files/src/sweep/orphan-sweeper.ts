import type { BlobStore } from '../store/blob-store.js';
import { objectKey } from '../store/blob-store.js';
import type { FileCatalog } from '../metadata/file-catalog.js';
import type { PendingUploads } from './pending-uploads.js';

export interface SweepResult {
  /** Objects removed: no FilePosted event names them. */
  removed: number;
  /** Markers of files that were posted after all (an answer lost on the way back). */
  posted: number;
}

/**
 * Removes the objects of uploads that never became a FilePosted event: those whose marker is
 * older than the grace period, once the catalogue has caught up with the log (so a posted file is
 * never taken for an orphan). Every instance may sweep: each step can be repeated harmlessly.
 */
export class OrphanSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pending: PendingUploads,
    private readonly catalog: FileCatalog,
    private readonly store: BlobStore,
    private readonly graceMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    const result: SweepResult = { removed: 0, posted: 0 };
    const stale = await this.pending.startedBefore(new Date(now.getTime() - this.graceMs));
    if (!stale.length || !(await this.catalog.caughtUp(10_000))) return result;
    for (const upload of stale) {
      if (await this.catalog.posted(upload.fileId)) result.posted++;
      else {
        await this.store.remove(objectKey(upload.fileId));
        result.removed++;
      }
      await this.pending.done(upload.fileId);
    }
    return result;
  }

  /** Sweeps every `everyMs` until stopped. */
  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.running = this.sweep().catch(this.onError);
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
