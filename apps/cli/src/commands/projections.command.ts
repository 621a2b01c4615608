import type { Command } from 'commander';
import { REBUILDABLE_PROJECTIONS, UnavailableError } from '@parley/contracts';
import type { ParleyClient, ProjectionView, RebuildJob } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';

interface RebuildOptions extends AdminOptions {
  all?: boolean;
  /** Commander's `--no-wait`: false when given. */
  wait: boolean;
}

/** How often a running rebuild is asked how far it got. */
const POLL_MS = 500;
/** How long a rebuild may go unseen (its instance not answering, the server unreachable) before the command gives up on it. */
const UNSEEN_MS = 15_000;

const count = (n: number) => n.toLocaleString('en-US');

function rebuildText(job: RebuildJob | null): string {
  if (!job) return '-';
  switch (job.state) {
    case 'running':
      return `running ${percent(job)}% (${count(job.applied)} of ${count(job.target)})`;
    case 'done':
      return `done ${job.finishedAt}: ${count(job.applied)} events in ${job.seconds} s`;
    case 'failed':
      return `failed ${job.finishedAt}: ${job.error}`;
    default: {
      const unknown: never = job.state;
      return String(unknown);
    }
  }
}

const percent = (job: RebuildJob) => (job.target > 0 ? Math.floor((100 * job.applied) / job.target) : 0);

function projectionTable(projections: readonly ProjectionView[]): string {
  const rows = projections.flatMap((p) =>
    p.instances.length === 0
      ? [[p.name, p.service, '(none answered)', '-', '-', '-', rebuildText(p.rebuild)]]
      : p.instances.map((i) => [p.name, p.service, i.instanceId, i.state, String(i.position), i.lag ? `${count(i.lag.events)} events, ${i.lag.seconds.toFixed(1)} s` : '?', rebuildText(i.rebuild)]),
  );
  return table(['PROJECTION', 'SERVICE', 'INSTANCE', 'STATE', 'POSITION', 'LAG', 'REBUILD'], rows);
}

function list(context: CliContext): Command {
  return adminCommand('list', 'how far each instance has applied the log to each projection, and the running or latest rebuild', [
    ['parley projections list', ''],
    ['parley projections list --json', ''],
  ]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.projections.list(), projectionTable);
  });
}

/** Polls a rebuild until it ends, showing its progress; answers it ended, whichever way. */
async function finished(context: CliContext, api: ParleyClient, started: RebuildJob, json: boolean): Promise<RebuildJob> {
  let job = started;
  let seenAt = Date.now();
  let shown = '';
  const report = () => {
    if (json) {
      const line = JSON.stringify(job);
      if (line !== shown) context.print(line);
      shown = line;
    } else {
      context.progress(`rebuilding ${job.projection} on ${job.instanceId}: ${count(job.applied)} of ${count(job.target)} events (${percent(job)}%), ${count(job.eventsPerS)} events/s`);
    }
  };
  report();
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await api.projections.job(job.projection, job.id).catch(() => undefined);
    if (now) {
      job = now;
      seenAt = Date.now();
      if (job.state === 'running') report();
    } else if (Date.now() - seenAt > UNSEEN_MS) {
      context.progress(undefined);
      throw new UnavailableError(`lost sight of the rebuild of ${job.projection} on ${job.instanceId} (no answer for ${UNSEEN_MS / 1000} s); "parley projections list" shows whether it goes on`);
    }
  }
  if (!json) context.progress(undefined);
  return job;
}

function rebuild(context: CliContext): Command {
  const names = REBUILDABLE_PROJECTIONS.map((p) => p.name).join(', ');
  return adminCommand('rebuild', 'rebuild a projection from the start of the log into new tables, switching to them when caught up; the service keeps serving from the old ones meanwhile', [
    ['parley projections rebuild history', 'shows progress, then the events, seconds and events/s'],
    ['parley projections rebuild --all', 'every projection, one after another'],
    ['parley projections rebuild files --no-wait', 'start it and return; "parley projections list" shows it'],
    ['parley projections rebuild history --json', 'one JSON line per progress report; the last is the result'],
  ])
    .argument('[name]', `the projection: ${names}`)
    .option('--all', 'rebuild every projection, one after another (with --no-wait: start them all)')
    .option('--no-wait', 'start the rebuild and return at once')
    .action(async (name: string | undefined, options: RebuildOptions) => {
      if (name !== undefined && options.all) throw new Error('name one projection or give --all, not both');
      if (name === undefined && !options.all) throw new Error(`name the projection to rebuild (${names}), or give --all to rebuild each in turn`);
      const api = await connect(context, options);
      for (const projection of name !== undefined ? [name] : REBUILDABLE_PROJECTIONS.map((p) => p.name)) {
        const started = await api.projections.rebuild(projection);
        if (!options.wait) {
          if (options.json) context.print(JSON.stringify(started));
          else context.print(`rebuilding ${started.projection} on ${started.instanceId} (job ${started.id}); "parley projections list" shows how far it got`);
          continue;
        }
        const job = await finished(context, api, started, options.json === true);
        if (options.json) context.print(JSON.stringify(job));
        if (job.state === 'failed') throw new Error(`rebuilding ${job.projection} on ${job.instanceId} failed: ${job.error}`);
        if (!options.json) context.print(`${job.projection} rebuilt on ${job.instanceId}: ${count(job.applied)} events in ${job.seconds} s (${count(job.eventsPerS)} events/s)`);
      }
    });
}

export function projectionsCommand(context: CliContext): Command {
  return commandGroup(
    'projections',
    'the SQL projections of the log (history, files, provisioning): their lag, and rebuilding them while the server runs',
    [
      ['parley projections list', ''],
      ['parley projections rebuild history', ''],
    ],
    [list(context), rebuild(context)],
  );
}
