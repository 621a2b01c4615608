import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog runs between us and the real child. It exits, killing the child with SIGKILL,
 * as soon as its stdin closes, which happens when our process dies for any reason (even SIGKILL),
 * so no test run or launcher ever leaks a nats-server or a service. SIGUSR2 asks it to SIGKILL
 * the child (a simulated crash); SIGTERM and SIGINT are passed on for a graceful stop.
 */
export const WATCHDOG = `
const { spawn } = require('node:child_process');
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const hardKill = () => { try { child.kill('SIGKILL'); } catch {} };
process.stdin.on('end', hardKill);
process.stdin.on('error', hardKill);
process.stdin.resume();
process.on('SIGUSR2', hardKill);
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => child.kill('SIGTERM'));
child.on('error', (e) => { process.stderr.write('watchdog: ' + e.message + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGKILL' ? 137 : 1)));
`;

export interface SupervisedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each line the child writes to stdout or stderr. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExitStatus {
  code: number | null;
}

const RECENT_LINES = 50;

/** A child process that cannot outlive us. */
export class SupervisedProcess {
  readonly exited: Promise<ExitStatus>;
  /** The last lines the child wrote, for error messages. */
  readonly recent: string[] = [];
  private exitStatus: ExitStatus | undefined;
  private readonly listeners = new Set<(line: string) => void>();

  private constructor(private readonly proc: ChildProcess) {
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code) => {
        this.exitStatus = { code };
        resolve(this.exitStatus);
      });
    });
  }

  static spawn(command: string, args: readonly string[], options: SupervisedOptions = {}): SupervisedProcess {
    const proc = spawn(process.execPath, ['-e', WATCHDOG, '--', command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop children in order.
      detached: true,
    });
    const child = new SupervisedProcess(proc);
    for (const name of ['stdout', 'stderr'] as const) {
      let buffered = '';
      proc[name]!.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          child.recent.push(line);
          if (child.recent.length > RECENT_LINES) child.recent.shift();
          options.onLine?.(line, name);
          for (const listener of child.listeners) listener(line);
        }
      });
    }
    // Keep our end of the watchdog's stdin open for as long as we live; never write to it.
    proc.stdin!.on('error', () => undefined);
    return child;
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** Resolves with the first line matching `pattern`; rejects if the process exits first or time runs out. */
  async waitForLine(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
    let listener: ((line: string) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const tail = () => (this.recent.length ? `; its last output:\n  ${this.recent.slice(-10).join('\n  ')}` : '');
    try {
      return await Promise.race([
        new Promise<RegExpMatchArray>((resolve) => {
          listener = (line) => {
            const match = line.match(pattern);
            if (match) resolve(match);
          };
          this.listeners.add(listener);
        }),
        this.exited.then((status): never => {
          throw new Error(`${what} exited (code ${status.code}) before it was ready${tail()}`);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${what} was not ready after ${timeoutMs} ms${tail()}`)), timeoutMs);
        }),
      ]);
    } finally {
      if (listener) this.listeners.delete(listener);
      clearTimeout(timer);
    }
  }

  /** Kills the child at once, as a crash would, and waits for it to be gone. */
  async crash(): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGUSR2');
    await this.exited;
  }

  /** Asks the child to stop (SIGTERM); kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ExitStatus> {
    if (!this.running) return this.exitStatus!;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGUSR2'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
