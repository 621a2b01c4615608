import { Command } from 'commander';
import { isParleyError } from '@parley/contracts';
import type { CliContext } from '../context.js';
import { examples, show } from './admin-command.js';

interface LoginOptions {
  server?: string;
  user: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export function loginCommand(context: CliContext): Command {
  return new Command('login')
    .description('sign in to a Parley server; other commands then use this session')
    .option('--server <url>', 'the server, e.g. https://chat.example.com (default: the one you last signed in to)')
    .requiredOption('--user <name>', 'your user name')
    .option('--password-stdin', 'read the password from standard input (for scripts); otherwise it is asked for on the terminal')
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      `${examples([
        ['parley login --server http://127.0.0.1:8083 --user admin', 'sign in; the password is asked for, not echoed'],
        ['parley login --server https://chat.example.com --user admin --password-stdin < pw.txt', 'for scripts'],
      ])}

The session (the server URL and tokens, never the password) is kept in
$PARLEY_CONFIG_DIR/credentials.json, or ~/.config/parley/credentials.json, readable only by you.`,
    )
    .action(async (options: LoginOptions) => {
      const server = await context.server(options.server);
      if (!server) throw new Error('--server is required: the URL of the Parley server, e.g. https://chat.example.com');
      const password = await context.password({ stdin: !!options.passwordStdin, prompt: `Password for ${options.user} at ${server}: ` });
      const user = await context
        .client(server)
        .session.login(options.user, password)
        .catch((error: unknown) => {
          // A refused sign-in is the answer to this command, not a hint to sign in again.
          throw isParleyError(error) ? new Error(`cannot sign in to ${server}: ${error.message}`) : error;
        });
      await context.useServer(server);
      show(context, options, { server, user }, () => `signed in to ${server} as ${user.username}${user.roles.length ? ` (${user.roles.join(', ')})` : ''}`);
    });
}
