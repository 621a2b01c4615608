import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { ExportFormat, Job } from '@parley/contracts';
import type { ComplianceClient } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { fields } from '../output.js';
import { adminCommand, commandGroup, show } from './admin-command.js';
import { addComplianceOption, complianceClient, type ComplianceOptions } from './compliance-client.js';
import { holdCommand } from './compliance-hold.command.js';
import { retentionCommand } from './compliance-retention.command.js';

interface ExportOptions extends ComplianceOptions {
  format: ExportFormat;
  from?: string;
  to?: string;
  room?: string;
  user?: string;
  keyword?: string;
  output: string;
}

function status(context: CliContext): Command {
  return addComplianceOption(adminCommand('status', 'how far the archive holds each log, its chain heads, holds and scheduled exports', [['parley compliance status', '']])).action(async (options: ComplianceOptions) => {
    const api = await complianceClient(context, options);
    show(context, options, await api.status(), (s) =>
      fields([
        ['chat log', `${s.archive.chat.position} of ${s.archive.chat.head}, chain ${s.archive.chat.chainHash.slice(0, 16)}…`],
        ['activity log', `${s.archive.activity.position} of ${s.archive.activity.head}, chain ${s.archive.activity.chainHash.slice(0, 16)}…`],
        ['records', `${s.archive.records} (${s.archive.purged} purged)`],
        ['legal holds', `${s.activeHolds} active`],
        ['exports', s.exports.dir ? `every ${s.exports.intervalMin} min (${s.exports.formats.join(', ')}) to ${s.exports.dir} on the server` : 'no scheduled exports'],
        ['last run', s.exports.lastRun ? `#${s.exports.lastRun.run} at ${s.exports.lastRun.startedAt}, ${s.exports.lastRun.records} records` : 'none'],
      ]),
    );
  });
}

function exportRecords(context: CliContext): Command {
  return addComplianceOption(
    adminCommand('export', 'export archive records to a file in DIR: Group Chat XML, JSON Lines or CSV', [
      ['parley compliance export --format xml --from 2026-03-01T00:00:00Z --to 2026-04-01T00:00:00Z -o exports', 'a month, every room'],
      ['parley compliance export --format csv --room Markets/Trading --user jdoe --keyword ACME -o .', ''],
    ]),
  )
    .addOption(new Option('--format <format>', 'the format').choices(['xml', 'jsonl', 'csv']).default('xml'))
    .option('--from <time>', 'records at or after this time (ISO 8601, UTC)')
    .option('--to <time>', 'records before this time')
    .option('--room <room>', 'one room (id, URI or path)')
    .option('--user <user>', 'records by or about one user (user name or id)')
    .option('--keyword <text>', 'records containing this text (messages, edits, file names)')
    .requiredOption('-o, --output <dir>', 'the folder to write the file to (created if missing)')
    .action(async (options: ExportOptions) => {
      const api = await complianceClient(context, options);
      await mkdir(options.output, { recursive: true });
      // Written under a temporary name and renamed when complete: a file with the export's name is a whole export.
      const partial = join(options.output, `.parley-export-${process.pid}-${Date.now()}.partial`);
      const out = createWriteStream(partial, { flags: 'wx' });
      try {
        const name = await api.export({ format: options.format, from: options.from, to: options.to, room: options.room, user: options.user, keyword: options.keyword }, out);
        const file = join(options.output, name);
        await rename(partial, file);
        show(context, options, { file, bytes: out.bytesWritten }, (r) => `${r.file} (${r.bytes} bytes)`);
      } finally {
        await rm(partial, { force: true });
      }
    });
}

function runExport(context: CliContext): Command {
  return addComplianceOption(adminCommand('run-export', 'run a scheduled export now, into the export folder on the server', [['parley compliance run-export', '']])).action(async (options: ComplianceOptions) => {
    const api = await complianceClient(context, options);
    show(context, options, { run: await api.runExport() }, ({ run }) => (run ? `run ${run.run}: ${run.records} records, ${run.attachments} attachments, ${run.files.join(', ')}` : 'nothing new to export'));
  });
}

/** Polls a job until it ends, saying how far it got now and then. */
async function finished(context: CliContext, api: ComplianceClient, started: Job): Promise<Job> {
  let job = started;
  let said = Date.now();
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = await api.job(job.id);
    if (Date.now() - said > 5_000) {
      context.note(`parley: ${job.kind} running, ${job.progress} events so far`);
      said = Date.now();
    }
  }
  if (job.state === 'failed') throw new Error(`${job.kind} failed: ${job.error}`);
  return job;
}

function verify(context: CliContext): Command {
  return addComplianceOption(
    adminCommand('verify', 'check every hash chain and every archive record against the event log; exits 1 at the first divergence, naming it', [['parley compliance verify', '']]),
  ).action(async (options: ComplianceOptions) => {
    const api = await complianceClient(context, options);
    const job = await finished(context, api, await api.verify());
    const result = job.result as { ok: boolean; checked: { chat: number; activity: number }; firstDivergence: { log: string; position: number; problem: string } | null };
    show(context, options, result, (r) =>
      r.ok ? `archive verified: ${r.checked.chat} chat and ${r.checked.activity} activity records match the log, chains whole` : `DIVERGENCE at ${r.firstDivergence!.log} log position ${r.firstDivergence!.position}: ${r.firstDivergence!.problem}`,
    );
    if (!result.ok) process.exitCode = 1;
  });
}

function replay(context: CliContext): Command {
  return addComplianceOption(
    adminCommand('replay', 'rebuild the archive from the event log into a fresh database, and compare it with the live one', [
      ['parley compliance replay', 'into a new SQLite file beside the archive, on the server'],
      ['parley compliance replay --into postgres://compliance@db/replay', ''],
    ]),
  )
    .option('--into <database>', 'the fresh database: sqlite:<file>, postgres://... or mssql://...')
    .action(async (options: ComplianceOptions & { into?: string }) => {
      const api = await complianceClient(context, options);
      const job = await finished(context, api, await api.replay(options.into));
      const result = job.result as { database: string; events: { chat: number; activity: number }; seconds: number; matchesArchive: boolean };
      show(context, options, result, (r) => `replayed ${r.events.chat + r.events.activity} events into ${r.database} in ${r.seconds} s; ${r.matchesArchive ? 'its chains end in the live archive’s hashes' : 'its chains DIFFER from the live archive’s'}`);
      if (!result.matchesArchive) process.exitCode = 1;
    });
}

export function complianceCommand(context: CliContext): Command {
  return commandGroup(
    'compliance',
    'the compliance archive (compliance officers): exports, legal holds, retention, replay and verify',
    [
      ['parley compliance export --format xml --from 2026-03-01T00:00:00Z -o exports', ''],
      ['parley compliance hold add --case "SEC v. Doe" --user jdoe', ''],
      ['parley compliance verify', ''],
    ],
    [status(context), exportRecords(context), runExport(context), holdCommand(context), retentionCommand(context), replay(context), verify(context)],
  );
}
