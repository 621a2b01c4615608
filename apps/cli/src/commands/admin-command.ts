import { Command } from 'commander';
import type { ParleyClient } from '@parley/sdk';
import type { CliContext } from '../context.js';

/** Options every command that talks to a server has. */
export interface AdminOptions {
  server?: string;
  json?: boolean;
}

export type Examples = readonly (readonly [command: string, what: string])[];

/** Past this width, what an example does goes on a comment line above it rather than beside it. */
const ALIGNED_MAX = 48;

/** An "Examples:" help section. */
export function examples(list: Examples): string {
  const width = Math.max(...list.map(([command]) => command.length)) + 2;
  const line = ([command, what]: Examples[number]) =>
    width - 2 > ALIGNED_MAX ? `${what ? `  # ${what}\n` : ''}  ${command}` : `  ${command.padEnd(width)}${what}`.trimEnd();
  return `\nExamples:\n${list.map(line).join('\n')}`;
}

/** A command that talks to the signed-in server, with --server, --json and examples in its help. */
export function adminCommand(name: string, description: string, list: Examples): Command {
  return new Command(name)
    .description(description)
    .option('--server <url>', 'the server (default: the one you last signed in to)')
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', examples(list));
}

/** A group of commands (`parley user ...`), with examples in its help. */
export function commandGroup(name: string, description: string, list: Examples, commands: readonly Command[]): Command {
  const group = new Command(name).description(description).addHelpText('after', examples(list));
  for (const command of commands) group.addCommand(command);
  return group;
}

/** The client for --server, or for the server last signed in to. */
export async function connect(context: CliContext, options: AdminOptions): Promise<ParleyClient> {
  const server = await context.server(options.server);
  if (!server) throw new Error('not signed in: run "parley login --server URL --user NAME" first');
  return context.client(server);
}

/** Prints `value` as JSON with --json, else as text for people. */
export function show<T>(context: CliContext, options: AdminOptions, value: T, text: (value: T) => string): void {
  context.print(options.json ? JSON.stringify(value, null, 2) : text(value));
}
