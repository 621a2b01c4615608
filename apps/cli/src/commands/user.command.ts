import { Option, type Command } from 'commander';
import type { UserDetail, UserListQuery, UserView } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { fields, onOffText, table } from '../output.js';
import { userId } from '../resolve.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { pageOrAll, pageSize, type PagingOptions } from './paging.js';

interface ListOptions extends AdminOptions, PagingOptions {
  query?: string;
  source?: 'local' | 'directory';
  enabled?: boolean;
  disabled?: boolean;
}

interface UserOptions extends AdminOptions {
  displayName?: string;
  email?: string;
  passwordStdin?: boolean;
}

const status = (u: UserView) => (u.enabled ? 'enabled' : 'disabled');

function userTable(users: readonly UserView[]): string {
  return table(
    ['USER', 'DISPLAY NAME', 'SOURCE', 'STATUS', 'ROLES', 'ID'],
    users.map((u) => [u.username, u.displayName, u.source, status(u), u.roles.join(',') || '-', u.id]),
  );
}

function userFields(u: UserView | UserDetail): string {
  return fields([
    ['user', u.username],
    ['id', u.id],
    ['display name', u.displayName],
    ['e-mail', u.email],
    ['source', u.source + (u.dn ? ` (${u.dn})` : '')],
    ['status', status(u)],
    ['roles', u.roles.join(', ') || '-'],
    ...('groups' in u ? ([['groups', u.groups.map((g) => g.name).join(', ') || '-'], ['chat', onOffText(u.persistentChatEnabled)]] as const) : []),
  ]);
}

function list(context: CliContext): Command {
  return adminCommand('list', 'list users, in user-name order', [
    ['parley user list', 'the first 50 users'],
    ['parley user list --query ali --source directory', 'directory users whose name or e-mail starts with "ali"'],
    ['parley user list --disabled --all --json', 'every disabled user, as JSON'],
  ])
    .option('--query <prefix>', 'users whose user name, display name or e-mail starts with this')
    .addOption(new Option('--source <source>', 'only local users, or only users from the directory').choices(['local', 'directory']))
    .addOption(new Option('--enabled', 'only enabled users').conflicts('disabled'))
    .option('--disabled', 'only disabled users')
    .option('--limit <n>', 'how many users (a page of at most 500; 50 by default)')
    .option('--all', 'every matching user, page after page')
    .action(async (options: ListOptions) => {
      const enabled = options.enabled ? true : options.disabled ? false : undefined;
      const query: UserListQuery = { q: options.query, source: options.source, enabled, limit: pageSize(options) };
      const api = await connect(context, options);
      const page = await pageOrAll(options, () => api.users.list(query), () => api.users.all(query));
      show(context, options, page, (p) => userTable(p.items) + (p.next ? '\n(more users: --all lists every one)' : ''));
    });
}

function showUser(context: CliContext): Command {
  return adminCommand('show', 'show a user, with groups, roles and whether chat is on', [
    ['parley user show alice', 'by user name'],
    ['parley user show alice --json', 'as JSON (USER may also be an id)'],
  ])
    .argument('<user>', 'user name or id')
    .action(async (user: string, options: AdminOptions) => {
      const api = await connect(context, options);
      show(context, options, await api.users.get(await userId(api, user, 'USER')), userFields);
    });
}

function create(context: CliContext): Command {
  return adminCommand('create', 'create a local user; without --password-stdin a password is generated and printed once', [
    ['parley user create dora --display-name "Dora Diaz" --email dora@example.com', 'prints the generated password once'],
    ['parley user create erin --password-stdin < pw.txt', 'with a password of your own (12 characters or more)'],
  ])
    .argument('<name>', 'the user name (one word, or user@domain)')
    .option('--display-name <text>', 'the name people see')
    .option('--email <address>', 'e-mail address')
    .option('--password-stdin', 'read the initial password from standard input')
    .action(async (username: string, options: UserOptions) => {
      const password = options.passwordStdin ? await context.password({ stdin: true, prompt: '' }) : undefined;
      const api = await connect(context, options);
      const created = await api.users.create({ username, displayName: options.displayName, email: options.email, password });
      show(context, options, created, (u) => `${userFields(u)}${u.generatedPassword ? `\n\ngenerated password (shown once): ${u.generatedPassword}` : ''}`);
    });
}

function set(context: CliContext): Command {
  return adminCommand('set', 'change a local user’s display name or e-mail address', [['parley user set dora --display-name "Dora D." --email dd@example.com', '']])
    .argument('<user>', 'user name or id')
    .option('--display-name <text>', 'the name people see')
    .option('--email <address>', 'e-mail address ("" for none)')
    .action(async (user: string, options: UserOptions) => {
      const api = await connect(context, options);
      const id = await userId(api, user, 'USER');
      show(context, options, await api.users.update(id, { displayName: options.displayName, email: options.email }), userFields);
    });
}

function access(context: CliContext, verb: 'disable' | 'enable'): Command {
  const description = verb === 'disable' ? 'disable a user: sign-in stops and sessions end (a directory sync does not undo it)' : 'enable a user again';
  return adminCommand(verb, description, [[`parley user ${verb} dora`, '']])
    .argument('<user>', 'user name or id')
    .action(async (user: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const id = await userId(api, user, 'USER');
      show(context, options, await api.users[verb](id), userFields);
    });
}

function remove(context: CliContext): Command {
  return adminCommand('remove', 'remove a local user (directory users are removed in the directory, or disabled here)', [['parley user remove dora', '']])
    .argument('<user>', 'user name or id')
    .action(async (user: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const id = await userId(api, user, 'USER');
      await api.users.remove(id);
      show(context, options, { removed: id }, () => `removed user ${user}`);
    });
}

function password(context: CliContext): Command {
  return adminCommand('password', 'set a local user’s password (generated and printed once without --password-stdin); their sessions end', [
    ['parley user password dora', 'generate a new password'],
    ['parley user password dora --password-stdin < pw.txt', 'set this one'],
  ])
    .argument('<user>', 'user name or id')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (user: string, options: UserOptions) => {
      const given = options.passwordStdin ? await context.password({ stdin: true, prompt: '' }) : undefined;
      const api = await connect(context, options);
      const id = await userId(api, user, 'USER');
      const result = await api.users.setPassword(id, given);
      show(context, options, { id, ...result }, (r) => (r.generatedPassword ? `generated password for ${user} (shown once): ${r.generatedPassword}` : `password of ${user} set`));
    });
}

export function userCommand(context: CliContext): Command {
  return commandGroup(
    'user',
    'manage users: list, show, create, change, disable, enable, remove, set passwords',
    [
      ['parley user list --source directory', 'users from LDAP / Active Directory'],
      ['parley user create dora --display-name "Dora Diaz"', 'a local user, with a generated password'],
      ['parley user disable bob', 'bob can no longer sign in'],
    ],
    [list(context), showUser(context), create(context), set(context), access(context, 'disable'), access(context, 'enable'), remove(context), password(context)],
  );
}
