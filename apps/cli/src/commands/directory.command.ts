import type { Command } from 'commander';
import type { DirectorySyncResult } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { fields } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';

function syncText(r: DirectorySyncResult): string {
  const counts = fields([
    ['sync', `${r.mode}, ${Math.round(r.durationMs)} ms`],
    ['users', `${r.usersAdded} added, ${r.usersChanged} changed, ${r.usersDisabled} disabled, ${r.usersEnabled} enabled, ${r.usersRemoved} removed`],
    ['groups', `${r.groupsAdded} added, ${r.groupsChanged} changed, ${r.groupsRemoved} removed`],
    ['memberships', `${r.membershipChanges} changed`],
  ]);
  return [counts, ...r.warnings.map((w) => `warning: ${w}`)].join('\n');
}

function sync(context: CliContext): Command {
  return adminCommand('sync', 'sync users, groups and OUs from LDAP / Active Directory now; prints the counts and warnings', [
    ['parley directory sync', 'what changed since the last sync'],
    ['parley directory sync --full', 're-read everything'],
  ])
    .option('--full', 're-read the whole directory rather than what changed')
    .action(async (options: AdminOptions & { full?: boolean }) => {
      const api = await connect(context, options);
      show(context, options, await api.directory.sync({ full: !!options.full }), syncText);
    });
}

function status(context: CliContext): Command {
  return adminCommand('status', 'is a directory configured, and when did it last sync', [['parley directory status', '']]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.directory.status(), (s) =>
      fields([
        ['directory', s.configured ? 'configured' : 'not configured (PARLEY_DIRECTORY_URL)'],
        ['last sync', s.lastSync ? `${s.lastSync.mode}, at ${s.lastSync.at}` : 'never'],
      ]),
    );
  });
}

export function directoryCommand(context: CliContext): Command {
  return commandGroup('directory', 'LDAP / Active Directory: sync now, or see when it last synced', [['parley directory sync --full', 'a full sync']], [sync(context), status(context)]);
}
