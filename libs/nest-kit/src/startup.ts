import type { Logger } from '@parley/telemetry';

/** What the process is waiting for while it starts, named for the "still starting" warnings. */
let stage = 'starting';

/** Names the start-up step now under way (e.g. "following the directory"); shown if start-up is slow. */
export function startupStage(name: string): void {
  stage = name;
}

/**
 * Warns every `everyMs` until stopped, naming the step start-up is waiting on, so a service that
 * hangs while starting says where instead of staying silent. Returns the function that stops it.
 */
export function watchStartup(logger: Logger, everyMs = 10_000): () => void {
  const began = Date.now();
  const timer = setInterval(() => logger.warn({ stage, waitedMs: Date.now() - began }, 'still starting'), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
