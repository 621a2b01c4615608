import type { Command } from 'commander';
import type { RetentionPolicyView, RetentionScopeRef } from '@parley/contracts';
import type { CliContext } from '../context.js';
import { fields, table } from '../output.js';
import { adminCommand, commandGroup, show } from './admin-command.js';
import { addComplianceOption, complianceClient, type ComplianceOptions } from './compliance-client.js';

interface ScopeOptions extends ComplianceOptions {
  global?: boolean;
  category?: string;
  room?: string;
}

const policyTable = (policies: readonly RetentionPolicyView[]) =>
  policies.length ? table(['SCOPE', 'DAYS', 'SET', 'BY'], policies.map((p) => [`${p.scope.kind}${p.scope.kind === 'global' ? '' : `:${p.scope.label}`}`, String(p.days), p.setAt, p.setBy])) : 'no retention policies: everything is kept';

function scopeOf(options: ScopeOptions): RetentionScopeRef {
  const given = [options.global ? 'global' : undefined, options.category, options.room].filter((x) => x !== undefined);
  if (given.length !== 1) throw new Error('give exactly one of --global, --category CAT, --room ROOM');
  if (options.global) return { kind: 'global' };
  return options.category !== undefined ? { kind: 'category', ref: options.category } : { kind: 'room', ref: options.room! };
}

const withScope = (command: Command) =>
  addComplianceOption(command).option('--global', 'every record').option('--category <cat>', 'a category (id or path), and its sub-categories').option('--room <room>', 'a room (id, URI or path)');

function list(context: CliContext): Command {
  return addComplianceOption(adminCommand('list', 'retention policies', [['parley compliance retention list', '']])).action(async (options: ComplianceOptions) => {
    const api = await complianceClient(context, options);
    show(context, options, await api.retention(), policyTable);
  });
}

function set(context: CliContext): Command {
  return withScope(
    adminCommand('set', 'keep conversation records this many days (a room’s own policy wins, then its category’s, then the global one)', [
      ['parley compliance retention set --global --days 2555', 'seven years'],
      ['parley compliance retention set --category Markets --days 3650', ''],
    ]),
  )
    .requiredOption('--days <n>', 'days to keep records (1-36500)')
    .action(async (options: ScopeOptions & { days: string }) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a whole number of days, got "${options.days}"`);
      const api = await complianceClient(context, options);
      show(context, options, await api.setRetention(scopeOf(options), days), policyTable);
    });
}

function clear(context: CliContext): Command {
  return withScope(adminCommand('clear', 'remove a retention policy, so the next level applies', [['parley compliance retention clear --room Markets/Trading', '']])).action(async (options: ScopeOptions) => {
    const api = await complianceClient(context, options);
    show(context, options, await api.clearRetention(scopeOf(options)), policyTable);
  });
}

function run(context: CliContext): Command {
  return addComplianceOption(adminCommand('run', 'purge what retention says is too old now (records under legal hold stay)', [['parley compliance retention run', '']])).action(async (options: ComplianceOptions) => {
    const api = await complianceClient(context, options);
    show(context, options, await api.runRetention(), (r) =>
      fields([
        ['purge', r.purgeId ?? 'none (nothing old enough)'],
        ['purged', `${r.purged} records`],
        ['covered', `chat log up to ${r.upTo.chat}, activity log up to ${r.upTo.activity}`],
        ['held', `${r.exempt.users} users, ${r.exempt.rooms} rooms exempt`],
      ]),
    );
  });
}

export function retentionCommand(context: CliContext): Command {
  return commandGroup('retention', 'how long conversation records are kept', [['parley compliance retention set --global --days 2555', '']], [list(context), set(context), clear(context), run(context)]);
}
