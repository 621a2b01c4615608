import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { fields, onOffText } from '../output.js';
import { adminCommand, connect, show, type AdminOptions } from './admin-command.js';

export function whoamiCommand(context: CliContext): Command {
  return adminCommand('whoami', 'show who you are signed in as, and where', [
    ['parley whoami', 'your account, roles and groups'],
    ['parley whoami --json', 'the same, for scripts'],
  ]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    const me = await api.account.me();
    show(context, options, { server: api.server, ...me }, (u) =>
      fields([
        ['user', `${u.username}${u.displayName && u.displayName !== u.username ? ` (${u.displayName})` : ''}`],
        ['server', u.server],
        ['source', u.source],
        ['roles', u.roles.join(', ') || '-'],
        ['groups', u.groups.map((g) => g.name).join(', ') || '-'],
        ['chat', onOffText(u.persistentChatEnabled)],
      ]),
    );
  });
}
