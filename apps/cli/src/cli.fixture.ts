import { CommanderError, type Command } from 'commander';
import type { ParleyClient } from '@parley/sdk';
import type { CliContext } from './context.js';
import { failureLine } from './errors.js';
import { buildProgram } from './program.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `parley <args>` in memory against `api` (a fake with the methods the command calls), as
 * main.ts would: results printed, failures as one `parley: ...` line and exit code 1.
 */
export async function runCli(args: readonly string[], api: Partial<Record<keyof ParleyClient, unknown>> = {}, overrides: Partial<CliContext> = {}): Promise<Ran & { context: CliContext }> {
  let out = '';
  let err = '';
  const context: CliContext = {
    print: (text) => (out += `${text}\n`),
    note: (text) => (err += `${text}\n`),
    progress: (text) => void (text !== undefined && (err += `${text}\n`)),
    password: jest.fn(() => Promise.resolve('typed-password')),
    stdin: jest.fn(() => Promise.resolve('')),
    live: jest.fn(() => Promise.reject(new Error('this test opens no live session'))),
    // Never interrupted, unless a test says otherwise.
    interrupted: () => new Promise<void>(() => undefined),
    server: jest.fn((option: string | undefined) => Promise.resolve(option ?? 'http://parley.test')),
    client: jest.fn(() => ({ server: 'http://parley.test', ...api }) as unknown as ParleyClient),
    useServer: jest.fn(() => Promise.resolve()),
    credentialsPath: '/home/admin/.config/parley/credentials.json',
    ...overrides,
  };
  const program = buildProgram(context);
  const capture = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  let code = 0;
  try {
    await program.parseAsync(['node', 'parley', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode;
    } else {
      code = 1;
      err += `${failureLine(error)}\n`;
    }
  }
  return { code, out, err, context };
}

/** An async generator over fixed items, for the SDK's `all()` methods. */
export function items<T>(...list: T[]): () => AsyncGenerator<T> {
  return async function* () {
    yield* list;
  };
}
