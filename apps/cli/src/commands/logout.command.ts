import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { examples, show, type AdminOptions } from './admin-command.js';

export function logoutCommand(context: CliContext): Command {
  return new Command('logout')
    .description('sign out: end the session on the server and forget it here')
    .option('--server <url>', 'the server (default: the one you last signed in to)')
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      examples([
        ['parley logout', 'sign out of the server you last signed in to'],
        ['parley logout --server https://chat.example.com', 'sign out of that server'],
      ]),
    )
    .action(async (options: AdminOptions) => {
      const server = await context.server(options.server);
      const session = server === undefined ? undefined : context.client(server).session;
      // Signing out when not signed in leaves things as asked: not an error.
      let signedOut = false;
      if (session && (await session.user())) {
        await session.logout();
        signedOut = true;
      }
      show(context, options, { server: server ?? null, signedOut }, () => (signedOut ? `signed out of ${server}` : `not signed in${server ? ` to ${server}` : ''}`));
    });
}
