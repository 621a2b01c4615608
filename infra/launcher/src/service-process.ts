import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { SupervisedProcess } from '@parley/supervisor';

export interface ServiceSpec {
  name: string;
  /** The compiled entry point, e.g. apps/channel/dist/main.js. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Where the service answers readiness, e.g. http://127.0.0.1:8081. */
  url: string;
}

export interface Console {
  info(line: string): void;
  warn(line: string): void;
}

const LEVELS_SHOWN = new Set(['warn', 'error', 'fatal']);

/**
 * One service under the launcher: its output goes to `<logs>/<name>.log`, warnings and errors
 * also to the console; if it dies while Parley is running it is started again, with back-off.
 */
export class ServiceProcess {
  private process: SupervisedProcess | undefined;
  private readonly log: WriteStream;
  private stopping = false;
  private restarts: number[] = [];

  constructor(
    readonly spec: ServiceSpec,
    logsDir: string,
    private readonly console: Console,
  ) {
    this.log = createWriteStream(join(logsDir, `${spec.name}.log`), { flags: 'a' });
  }

  get logFile(): string {
    return this.log.path as string;
  }

  start(): void {
    const child = SupervisedProcess.spawn(process.execPath, [this.spec.entry], {
      env: this.spec.env,
      onLine: (line) => this.onLine(line),
    });
    this.process = child;
    void child.exited.then(({ code }) => {
      if (this.stopping || this.process !== child) return;
      this.restart(code);
    });
  }

  /** Waits until GET /health/ready answers 200; fails early, with the service's last words, if it exits. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const child = this.process!;
      if (!child.running) {
        throw new Error(`${this.spec.name} exited during start-up:\n  ${child.recent.slice(-8).join('\n  ')}\n(full log: ${this.logFile})`);
      }
      try {
        const response = await fetch(`${this.spec.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.spec.name} was not ready after ${timeoutMs / 1000} s (log: ${this.logFile})`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.process?.stop();
    await new Promise((resolve) => this.log.end(resolve));
  }

  private restart(code: number | null): void {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    const delay = Math.min(30_000, 500 * 2 ** (this.restarts.length - 1));
    this.console.warn(`[${this.spec.name}] exited (code ${code}); starting it again in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, delay).unref();
  }

  private onLine(line: string): void {
    this.log.write(`${line}\n`);
    let parsed: { level?: string; msg?: string; err?: unknown } | undefined;
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (!parsed) this.console.warn(`[${this.spec.name}] ${line}`);
    else if (parsed.level && LEVELS_SHOWN.has(parsed.level)) {
      const err = parsed.err ? ` (${typeof parsed.err === 'object' ? (parsed.err as { message?: string }).message : String(parsed.err)})` : '';
      this.console.warn(`[${this.spec.name}] ${parsed.level}: ${parsed.msg ?? ''}${err}`);
    }
  }
}
