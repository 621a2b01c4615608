import { Option, type Command } from 'commander';
import type { PolicyView } from '@parley/sdk';
import { onOff, pickTarget, type TargetOptions } from '../args/values.js';
import type { CliContext } from '../context.js';
import { onOffText, table } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { resolveTarget } from './targets.js';

type PolicyOptions = AdminOptions & TargetOptions & { chat?: string };

function policyTable(policies: readonly PolicyView[]): string {
  return table(
    ['TARGET', 'CHAT', 'ID'],
    policies.map((p) => (p.target.kind === 'global' ? ['global', onOffText(p.persistentChatEnabled), '-'] : [`${p.target.kind}:${p.target.label}`, onOffText(p.persistentChatEnabled), p.target.id])),
  );
}

function withTargetOptions(command: Command): Command {
  return command.option('--global', 'the global policy').option('--user <user>', "a user's own policy (user name or id)").option('--group <group>', "a group's policy (group name or id)");
}

function list(context: CliContext): Command {
  return adminCommand('list', 'list persistent-chat policies', [['parley policy list', '']]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.policies.list(), policyTable);
  });
}

function set(context: CliContext): Command {
  const command = adminCommand('set', "turn persistent chat on or off globally, for a group's members, or for one user", [
    ['parley policy set --global --chat on', 'everyone, unless a group or user policy says otherwise'],
    ['parley policy set --group contractors --chat off', 'any group turning chat off turns it off'],
    ['parley policy set --user alice --chat on', "a user's own policy wins"],
  ]).addOption(new Option('--chat <on|off>', 'persistent chat on or off').choices(['on', 'off']).makeOptionMandatory());
  return withTargetOptions(command).action(async (options: PolicyOptions) => {
    const target = pickTarget(options);
    const api = await connect(context, options);
    show(context, options, await api.policies.set(await resolveTarget(api, target), onOff(options.chat)!), policyTable);
  });
}

function clear(context: CliContext): Command {
  const command = adminCommand('clear', 'remove a policy, so the next level applies', [['parley policy clear --user alice', '']]);
  return withTargetOptions(command).action(async (options: PolicyOptions) => {
    const target = pickTarget(options);
    const api = await connect(context, options);
    show(context, options, await api.policies.clear(await resolveTarget(api, target)), policyTable);
  });
}

export function policyCommand(context: CliContext): Command {
  return commandGroup(
    'policy',
    'persistent-chat policies: global, per group, per user (a user’s own wins, then groups, then global)',
    [['parley policy set --group contractors --chat off', '']],
    [list(context), set(context), clear(context)],
  );
}
