import type { Command } from 'commander';
import type { GroupDetail } from '@parley/sdk';
import { parsePrincipals } from '../args/principal.js';
import { collect } from '../args/values.js';
import type { CliContext } from '../context.js';
import { fields, principal, table } from '../output.js';
import { groupId } from '../resolve.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { pageOrAll, pageSize, type PagingOptions } from './paging.js';

interface GroupOptions extends AdminOptions {
  name?: string;
  description?: string;
  member?: string[];
  add?: string[];
  remove?: string[];
}

function groupFields(g: GroupDetail): string {
  return `${fields([
    ['group', g.name],
    ['id', g.id],
    ['description', g.description || '-'],
    ['source', g.source + (g.dn ? ` (${g.dn})` : '')],
    ['members', String(g.memberCount)],
  ])}${g.members.length ? `\n\n${table(['MEMBER', 'ID'], g.members.map((m) => [principal(m), m.id]))}` : ''}`;
}

function list(context: CliContext): Command {
  return adminCommand('list', 'list groups, in name order', [
    ['parley group list', 'the first 50 groups'],
    ['parley group list --query eng --all --json', 'every group whose name starts with "eng", as JSON'],
  ])
    .option('--query <prefix>', 'groups whose name starts with this')
    .option('--limit <n>', 'how many groups (a page of at most 500; 50 by default)')
    .option('--all', 'every matching group, page after page')
    .action(async (options: AdminOptions & PagingOptions & { query?: string }) => {
      const query = { q: options.query, limit: pageSize(options) };
      const api = await connect(context, options);
      const page = await pageOrAll(options, () => api.groups.list(query), () => api.groups.all(query));
      show(context, options, page, (p) =>
        table(['GROUP', 'SOURCE', 'MEMBERS', 'DESCRIPTION', 'ID'], p.items.map((g) => [g.name, g.source, String(g.memberCount), g.description, g.id])) +
        (p.next ? '\n(more groups: --all lists every one)' : ''),
      );
    });
}

function showGroup(context: CliContext): Command {
  return adminCommand('show', 'show a group and its direct members', [['parley group show engineering', '']])
    .argument('<group>', 'group name or id')
    .action(async (group: string, options: AdminOptions) => {
      const api = await connect(context, options);
      show(context, options, await api.groups.get(await groupId(api, group, 'GROUP')), groupFields);
    });
}

function create(context: CliContext): Command {
  return adminCommand('create', 'create a local group; members are users or groups', [
    ['parley group create reviewers --description "Code reviewers" --member user:alice --member group:backend', ''],
  ])
    .argument('<name>', 'the group name')
    .option('--description <text>', 'what the group is for')
    .option('--member <principal>', 'a member: user:NAME, group:NAME, user:id=ID or group:id=ID (repeatable)', collect)
    .action(async (name: string, options: GroupOptions) => {
      const members = parsePrincipals(options.member, '--member');
      const api = await connect(context, options);
      show(context, options, await api.groups.create({ name, description: options.description, members }), groupFields);
    });
}

function set(context: CliContext): Command {
  return adminCommand('set', 'rename a local group, change its description, add or remove members', [
    ['parley group set reviewers --add user:bob --remove user:alice', 'change members'],
    ['parley group set reviewers --name code-reviewers', 'rename'],
  ])
    .argument('<group>', 'group name or id')
    .option('--name <name>', 'a new name')
    .option('--description <text>', 'a new description')
    .option('--add <principal>', 'add a member: user:NAME, group:NAME, user:id=ID or group:id=ID (repeatable)', collect)
    .option('--remove <principal>', 'remove a member (repeatable)', collect)
    .action(async (group: string, options: GroupOptions) => {
      const add = parsePrincipals(options.add, '--add');
      const remove = parsePrincipals(options.remove, '--remove');
      const api = await connect(context, options);
      const id = await groupId(api, group, 'GROUP');
      const members = add.length || remove.length ? { add, remove } : undefined;
      show(context, options, await api.groups.update(id, { name: options.name, description: options.description, members }), groupFields);
    });
}

function remove(context: CliContext): Command {
  return adminCommand('remove', 'remove a local group', [['parley group remove reviewers', '']])
    .argument('<group>', 'group name or id')
    .action(async (group: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const id = await groupId(api, group, 'GROUP');
      await api.groups.remove(id);
      show(context, options, { removed: id }, () => `removed group ${group}`);
    });
}

export function groupCommand(context: CliContext): Command {
  return commandGroup(
    'group',
    'manage groups: list, show, create, change, remove',
    [
      ['parley group list', 'local and directory groups'],
      ['parley group create reviewers --member user:alice', 'a local group'],
    ],
    [list(context), showGroup(context), create(context), set(context), remove(context)],
  );
}
