import type { Command } from 'commander';
import type { AddinView } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { addinId } from '../resolve.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';

const addinTable = (addins: readonly AddinView[]) => table(['NAME', 'URL', 'ID'], addins.map((a) => [a.name, a.url, a.id]));

function list(context: CliContext): Command {
  return adminCommand('list', 'list add-ins', [['parley addin list', '']]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.addins.list(), addinTable);
  });
}

function add(context: CliContext): Command {
  return adminCommand('add', 'register an add-in (a web page rooms can show)', [['parley addin add Wiki https://wiki.example.com/rooms', '']])
    .argument('<name>', 'its name')
    .argument('<url>', 'an http:// or https:// URL')
    .action(async (name: string, url: string, options: AdminOptions) => {
      const api = await connect(context, options);
      show(context, options, await api.addins.create({ name, url }), (a) => addinTable([a]));
    });
}

function set(context: CliContext): Command {
  return adminCommand('set', 'rename an add-in or change its URL', [['parley addin set Wiki --name "Team wiki" --url https://wiki.example.com/team', '']])
    .argument('<addin>', 'the add-in name or id')
    .option('--name <name>', 'a new name')
    .option('--url <url>', 'a new URL')
    .action(async (addin: string, options: AdminOptions & { name?: string; url?: string }) => {
      const api = await connect(context, options);
      const id = await addinId(api, addin, 'ADDIN');
      show(context, options, await api.addins.update(id, { name: options.name, url: options.url }), (a) => addinTable([a]));
    });
}

function remove(context: CliContext): Command {
  return adminCommand('remove', 'remove an add-in', [['parley addin remove Wiki', '']])
    .argument('<addin>', 'the add-in name or id')
    .action(async (addin: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const id = await addinId(api, addin, 'ADDIN');
      await api.addins.remove(id);
      show(context, options, { removed: id }, () => `removed add-in ${addin}`);
    });
}

export function addinCommand(context: CliContext): Command {
  return commandGroup('addin', 'add-ins rooms can show', [['parley addin add Wiki https://wiki.example.com', '']], [list(context), add(context), set(context), remove(context)]);
}
