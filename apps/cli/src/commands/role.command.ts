import { Argument, type Command } from 'commander';
import { RoleSchema, type Role } from '@parley/contracts';
import type { RoleAssignment } from '@parley/sdk';
import { pickHolder, type TargetOptions } from '../args/values.js';
import type { CliContext } from '../context.js';
import { principal, table } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { resolveHolder } from './targets.js';

function roleTable(assignments: readonly RoleAssignment[]): string {
  return table(['ROLE', 'HOLDER', 'ID'], assignments.map((a) => [a.role, principal(a.principal), a.principal.id]));
}

function list(context: CliContext): Command {
  return adminCommand('list', 'who holds the administrator and compliance-officer roles', [['parley role list', '']]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.roles.list(), roleTable);
  });
}

function change(context: CliContext, verb: 'grant' | 'revoke'): Command {
  const description = verb === 'grant' ? 'grant a role to a user or a group' : 'revoke a role from a user or a group (one administrator must remain)';
  return adminCommand(verb, description, [
    [`parley role ${verb} compliance-officer --user carol`, ''],
    [`parley role ${verb} administrator --group it-admins`, ''],
  ])
    .addArgument(new Argument('<role>', 'the role').choices(RoleSchema.options))
    .option('--user <user>', 'a user (user name or id)')
    .option('--group <group>', 'a group (group name or id)')
    .action(async (role: Role, options: AdminOptions & TargetOptions) => {
      const holder = pickHolder(options);
      const api = await connect(context, options);
      show(context, options, await api.roles[verb](role, await resolveHolder(api, holder)), roleTable);
    });
}

export function roleCommand(context: CliContext): Command {
  return commandGroup(
    'role',
    'server roles: administrator, compliance-officer',
    [['parley role grant administrator --user alice', '']],
    [list(context), change(context, 'grant'), change(context, 'revoke')],
  );
}
