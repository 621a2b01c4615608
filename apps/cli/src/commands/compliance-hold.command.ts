import { Option, type Command } from 'commander';
import type { HoldView } from '@parley/contracts';
import type { CliContext } from '../context.js';
import { fields, table } from '../output.js';
import { adminCommand, commandGroup, show } from './admin-command.js';
import { addComplianceOption, complianceClient, type ComplianceOptions } from './compliance-client.js';

const holdTable = (holds: readonly HoldView[]) =>
  table(['CASE', 'TARGET', 'STATUS', 'PLACED', 'BY', 'ID'], holds.map((h) => [h.caseName, `${h.target.kind}:${h.target.label}`, h.active ? 'active' : `released ${h.releasedAt}`, h.placedAt, h.placedBy, h.id]));

const holdFields = (h: HoldView) =>
  fields([
    ['case', h.caseName],
    ['id', h.id],
    ['target', `${h.target.kind}:${h.target.label} (${h.target.id})`],
    ['status', h.active ? 'active' : 'released'],
    ['placed', `${h.placedAt} by ${h.placedBy}`],
    ['note', h.note || '-'],
    ...(h.releasedAt ? ([['released', `${h.releasedAt} by ${h.releasedBy}: ${h.releaseNote || '-'}`]] as const) : []),
  ]);

function add(context: CliContext): Command {
  return addComplianceOption(
    adminCommand('add', 'place a legal hold on a user or a room: its records are exempt from retention purges', [
      ['parley compliance hold add --case "SEC v. Doe" --user jdoe', 'everything by or about jdoe'],
      ['parley compliance hold add --case "Desk review" --room Markets/Trading --note "ticket 42"', 'everything in a room'],
    ]),
  )
    .requiredOption('--case <name>', 'the case or matter the hold is for')
    .addOption(new Option('--user <user>', 'a user (user name or id)').conflicts('room'))
    .option('--room <room>', 'a room (id, parley://room/ID or Category/Room)')
    .option('--note <text>', 'why, for the record')
    .action(async (options: ComplianceOptions & { case: string; user?: string; room?: string; note?: string }) => {
      if ((options.user === undefined) === (options.room === undefined)) throw new Error('give exactly one of --user and --room');
      const api = await complianceClient(context, options);
      show(context, options, await api.placeHold({ caseName: options.case, user: options.user, room: options.room, note: options.note }), holdFields);
    });
}

function list(context: CliContext): Command {
  return addComplianceOption(adminCommand('list', 'legal holds, active and released', [['parley compliance hold list --active', 'only active holds']]))
    .addOption(new Option('--active', 'only active holds').conflicts('released'))
    .option('--released', 'only released holds')
    .action(async (options: ComplianceOptions & { active?: boolean; released?: boolean }) => {
      const api = await complianceClient(context, options);
      show(context, options, await api.holds(options.active ? true : options.released ? false : undefined), holdTable);
    });
}

function release(context: CliContext): Command {
  return addComplianceOption(adminCommand('release', 'release a legal hold: its records are subject to retention again', [['parley compliance hold release 0190c3a4-... --note "case closed"', '']]))
    .argument('<id>', 'the hold’s id (parley compliance hold list)')
    .option('--note <text>', 'why, for the record')
    .action(async (id: string, options: ComplianceOptions & { note?: string }) => {
      const api = await complianceClient(context, options);
      show(context, options, await api.releaseHold(id, options.note), holdFields);
    });
}

export function holdCommand(context: CliContext): Command {
  return commandGroup('hold', 'legal holds on users and rooms', [['parley compliance hold add --case "SEC v. Doe" --user jdoe', '']], [add(context), list(context), release(context)]);
}
