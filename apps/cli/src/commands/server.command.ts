import type { Command } from 'commander';
import { UnavailableError, type InstanceView } from '@parley/contracts';
import type { ParleyClient } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';

const instanceTable = (instances: readonly InstanceView[]) =>
  table(
    ['ID', 'URL', 'SESSIONS', 'ROOMS', 'STATE', 'STARTED'],
    [...instances].sort((a, b) => (a.id < b.id ? -1 : 1)).map((i) => [i.id, i.url, String(i.sessions), String(i.rooms), i.draining ? 'draining' : 'serving', i.startedAt]),
  );

/** The lookup service of the signed-in server, which knows the channel servers. */
async function lookup(api: ParleyClient) {
  const endpoints = await api.endpoints();
  if (!endpoints.lookup) throw new UnavailableError('this server names no lookup service (PARLEY_PUBLIC_LOOKUP_URL is not set on provisioning)');
  return api.lookup(endpoints.lookup);
}

function list(context: CliContext): Command {
  return adminCommand('list', 'list the live channel servers and their load', [['parley server list', '']]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await (await lookup(api)).instances(), instanceTable);
  });
}

function drain(context: CliContext): Command {
  return adminCommand('drain', 'drain a channel server: it takes no new sessions, hands its rooms to the others, moves its clients, then exits', [
    ['parley server drain channel-2', ''],
  ])
    .argument('<id>', 'the channel server id (as "parley server list" shows it)')
    .action(async (id: string, options: AdminOptions) => {
      const api = await connect(context, options);
      await (await lookup(api)).drain(id);
      show(context, options, { draining: id }, () => `draining ${id}: its clients move to the other channel servers, then it exits`);
    });
}

export function serverCommand(context: CliContext): Command {
  return commandGroup('server', 'channel servers: their load, and draining one for maintenance', [['parley server list', ''], ['parley server drain channel-2', '']], [list(context), drain(context)]);
}
