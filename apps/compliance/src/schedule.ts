import type { Logger } from '@parley/telemetry';

/**
 * Periodic jobs (scheduled exports, retention runs): each runs at most once at a time, a run that
 * fails is logged and the next one tries again, and `stop` waits for runs in progress.
 */
export class Schedule {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  every(ms: number, what: string, work: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = work()
        .catch((error: unknown) => this.logger.error({ err: error }, `${what} failed; the next run tries again`))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running);
  }
}
