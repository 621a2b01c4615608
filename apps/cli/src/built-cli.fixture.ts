import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The built `parley` (apps/cli/dist/main.js), as the end-to-end tests run it. */
export const builtCli = join(root, 'apps/cli/dist/main.js');

/** What a built program printed and how it ended. */
export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** A built program run as a shell runs it: its own environment on top of ours, stdin a pipe (never a terminal). */
export function runBuilt(program: string, args: readonly string[], env: Record<string, string>, input: string | Buffer = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [program, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' }, (_error, out, err) => resolve({ code: child.exitCode, out, err }));
    child.stdin!.end(input);
  });
}

/** The built `parley` with its own config directory (one signed-in person). */
export function parley(configDir: string, args: readonly string[], input: string | Buffer = ''): Promise<Run> {
  return runBuilt(builtCli, args, { PARLEY_CONFIG_DIR: configDir }, input);
}
