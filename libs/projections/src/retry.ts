/** Back-off between attempts: `minMs`, doubling up to `maxMs`. */
export interface RetryPolicy {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { minMs: 100, maxMs: 10_000 };

export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(attempt, 16));
}

/** Waits between attempts; `stop()` ends the current wait and every later one at once. */
export class Pause {
  private stopped = false;
  private wake: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
