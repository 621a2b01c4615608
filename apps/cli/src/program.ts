import { Command } from 'commander';
import { statusCommand } from './commands/status.command.js';

export const VERSION = '0.1.0';

/**
 * `parley`: the command-line client and administration tool. It talks to a Parley server over the
 * same public APIs as the web client, from any machine.
 */
export function buildProgram(): Command {
  const program = new Command('parley')
    .description('Parley: enterprise persistent group chat. Command-line client and administration tool.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run "parley --help" for usage)')
    .addHelpText(
      'after',
      `
Examples:
  parley status                          is every service of the local single-server Parley ready?
  parley status --host chat.example.com  the same for another server
  parley status --json                   machine-readable, for scripts

Every command exits 0 on success and non-zero with a one-line reason on failure.
Docs: docs/cli.md`,
    );
  program.addCommand(statusCommand());
  return program;
}
