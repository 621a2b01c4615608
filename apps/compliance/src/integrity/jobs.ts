import { randomUUID } from 'node:crypto';
import { NotFoundError, type Job, type ReplayResult, type VerifyResult } from '@parley/contracts';

const KEPT = 20;

/**
 * Long operations (replay, verify) run in the background; callers poll them by id. The newest
 * few are kept, in memory: a restart forgets them, and the operation is simply run again.
 */
export class Jobs {
  private readonly jobs = new Map<string, Job>();

  start(kind: Job['kind'], work: (progress: (n: number) => void) => Promise<VerifyResult | ReplayResult>, onError: (error: unknown) => void): Job {
    const job: Job = { id: randomUUID(), kind, state: 'running', startedAt: new Date().toISOString(), finishedAt: null, progress: 0, result: null, error: null };
    this.jobs.set(job.id, job);
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEPT))) this.jobs.delete(id);
    work((n) => (job.progress += n)).then(
      (result) => Object.assign(job, { state: 'done', result, finishedAt: new Date().toISOString() }),
      (error: unknown) => {
        onError(error);
        Object.assign(job, { state: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date().toISOString() });
      },
    );
    return { ...job };
  }

  get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${id} (jobs are kept in memory until the service restarts)`);
    return { ...job };
  }
}
