import { Worker } from 'node:worker_threads';

/** What one checkpoint did, in WAL frames (pages): all of them copied back means the WAL can restart. */
export interface CheckpointResult {
  /** Frames in the WAL when the checkpoint ran. */
  walFrames: number;
  /** Of those, how many are now in the database file. */
  checkpointedFrames: number;
}

/**
 * The worker's code. It opens its own connection to the file (better-sqlite3, resolved by the main
 * thread and passed in), and runs a PASSIVE checkpoint every interval and when asked: PASSIVE never
 * waits for or blocks readers and writers, it copies what it can and leaves the rest for next time.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  return { walFrames: row.log, checkpointedFrames: row.checkpointed };
};
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ failed: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.stop) {
    clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  try { parentPort.postMessage({ id: message.id, result: checkpoint() }); }
  catch (error) { parentPort.postMessage({ id: message.id, failed: String(error) }); }
});
parentPort.postMessage({ ready: true });
`;

interface WorkerReply {
  ready?: true;
  id?: number;
  result?: CheckpointResult;
  failed?: string;
}

/**
 * Checkpoints one SQLite database's WAL from a worker thread.
 *
 * better-sqlite3 is synchronous, so whatever a statement does holds the event loop. Left to SQLite,
 * the COMMIT that takes the WAL past 1,000 pages also copies it back into the database file and
 * fsyncs it: 75–260 ms during which a channel server delivers nothing (docs/adr/0014). The owner
 * turns automatic checkpoints off on its own connection once this is running (`started`), and back
 * on if the worker dies (`onFailure`), so the WAL never grows without anyone copying it back.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(result: CheckpointResult): void; reject(error: Error): void }>();
  private nextId = 1;
  private stopped = false;
  /** Why the worker is gone, once it is. */
  private failure?: string;
  readonly started: Promise<void>;

  constructor(file: string, intervalMs: number, onFailure: (reason: string) => void) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') },
    });
    // The checkpointer must never be what keeps a process alive.
    this.worker.unref();
    this.started = new Promise((resolve, reject) => {
      this.worker.on('message', (reply: WorkerReply) => {
        if (reply.ready) return resolve();
        if (reply.id === undefined) return onFailure(reply.failed ?? 'unknown');
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.result) waiter?.resolve(reply.result);
        else waiter?.reject(new Error(`SQLite checkpoint failed: ${reply.failed}`));
      });
      const gone = (reason: string) => {
        if (this.failure) return;
        this.failure = reason;
        reject(new Error(reason));
        for (const waiter of this.waiting.values()) waiter.reject(new Error(reason));
        this.waiting.clear();
        if (!this.stopped) onFailure(reason);
      };
      this.worker.on('error', (error) => gone(`SQLite checkpointer failed: ${error.message}`));
      this.worker.on('exit', (code) => gone(`SQLite checkpointer exited with code ${code}`));
    });
  }

  /** Checkpoints now (PASSIVE) and says how far it got. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.stopped || this.failure) return Promise.reject(new Error(this.failure ?? 'SQLite checkpointer stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id });
    });
  }

  /** Closes the worker's connection and ends the thread. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.failure) return; // the thread has ended already
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ stop: true });
    await exited;
  }
}
