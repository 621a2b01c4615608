import type { RebuildJob } from '@parley/contracts';
import type { EventLog } from '@parley/eventlog';
import { errorText, rebuildProjection } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import type { HostedProjection } from './hosted-projection.js';

/**
 * One rebuild of a projection in this process, in the background: blue/green through
 * `rebuildProjection` on the data source the live projector writes (the live tables keep serving
 * until the switch), with its progress kept for the status requests.
 */
export class RebuildRun {
  private readonly job: RebuildJob;
  private readonly started = performance.now();
  private readonly abort = new AbortController();
  /** Settles when the rebuild has ended, whichever way. */
  readonly ended: Promise<void>;

  constructor(id: string, hosted: HostedProjection, log: EventLog, instanceId: string, head: number, logger: Logger) {
    const { definition } = hosted;
    this.job = {
      id,
      projection: definition.name,
      instanceId,
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      applied: 0,
      target: head,
      seconds: 0,
      eventsPerS: 0,
      error: null,
    };
    const run = async () => {
      const { streamSeq } = await rebuildProjection({
        definition,
        log,
        dataSource: hosted.dataSource,
        maxBatch: hosted.rebuildBatch,
        logger: (level, message, fields) => logger[level](fields, message),
        onProgress: (applied, target) => Object.assign(this.job, { applied, target: Math.max(target, this.job.target) }),
        signal: this.abort.signal,
      });
      await hosted.afterSwitch?.().catch((error: unknown) => {
        throw new Error(`the rebuilt tables serve, but what follows the switch failed: ${errorText(error)}`, { cause: error });
      });
      return streamSeq;
    };
    this.ended = run().then(
      (streamSeq) => {
        this.finish({ state: 'done', applied: streamSeq, target: streamSeq });
        logger.info({ projection: definition.name, job: this.job.id, streamSeq, seconds: this.job.seconds, eventsPerS: this.job.eventsPerS }, `projection ${definition.name} rebuilt`);
      },
      (error: unknown) => {
        this.finish({ state: 'failed', error: errorText(error) });
        const level = this.abort.signal.aborted ? 'warn' : 'error';
        logger[level]({ projection: definition.name, job: this.job.id, err: error }, `rebuilding projection ${definition.name} ${this.abort.signal.aborted ? 'abandoned' : 'failed'}; the live tables serve on`);
      },
    );
  }

  get id(): string {
    return this.job.id;
  }

  get running(): boolean {
    return this.job.state === 'running';
  }

  /** The job as it stands now. */
  view(): RebuildJob {
    return this.job.state === 'running' ? { ...this.job, ...this.rate() } : { ...this.job };
  }

  /** Abandons the build (the live tables stay as they are) and waits until it has stopped. */
  async cancel(reason: string): Promise<void> {
    this.abort.abort(new Error(reason));
    await this.ended;
  }

  private finish(changes: Partial<RebuildJob>): void {
    Object.assign(this.job, changes);
    Object.assign(this.job, this.rate(), { finishedAt: new Date().toISOString() });
  }

  private rate(): Pick<RebuildJob, 'seconds' | 'eventsPerS'> {
    const seconds = (performance.now() - this.started) / 1000;
    return { seconds: Number(seconds.toFixed(2)), eventsPerS: seconds > 0 ? Math.round(this.job.applied / seconds) : 0 };
  }
}
