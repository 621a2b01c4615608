import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { mergeReports, MergeError } from './report/merge.js';
import { htmlReport, textReport, type LoadReport } from './report/report.js';
import { runLoad, type LoadTarget, type Progress } from './run/load-run.js';
import { parseScenario, ScenarioError } from './scenario/scenario.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Runs the load (a test passes its own). */
  run?: typeof runLoad;
  /** How the command is called, in messages: `parley-load` (default) or `parley load`. */
  name?: string;
}

export const usage = (name = 'parley-load') => `usage:
  ${name} validate <scenario.yaml>
  ${name} run <scenario.yaml> --url <provisioning URL> [--admin <username>] [--json <file>] [--html <file>]
  ${name} merge <report.json> <report.json>... [--json <file>] [--html <file>]

run: the administrator's password is read from PARLEY_LOAD_ADMIN_PASSWORD.
merge: one report of runs of the same scenario made at the same time from several machines
(the JSON reports of each run): counts and rates add up, percentiles come from the merged histograms.
Exit status: 0 done, nothing lost; 1 posts or other operations failed, or messages were lost or
duplicated; 2 bad arguments, scenario or report.`;

/** Whether a run (or merged runs) went as a user would want: nothing failed, lost or doubled. */
const clean = (r: LoadReport) =>
  r.posts.failed === 0 && r.deliveries.lost === 0 && r.deliveries.duplicated === 0 && Object.values(r.operations ?? {}).every((o) => o.failed === 0);

async function writeReports(report: LoadReport, values: { json?: string | undefined; html?: string | undefined }, io: Io): Promise<number> {
  io.out(`${textReport(report)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.html) await writeFile(values.html, htmlReport(report));
  return clean(report) ? 0 : 1;
}

/** Reads JSON reports and merges them; a file that is not a parley-load report is named. */
async function merge(files: string[], values: { json?: string | undefined; html?: string | undefined }, io: Io, name: string): Promise<number> {
  const reports: LoadReport[] = [];
  for (const file of files) {
    let report: unknown;
    try {
      report = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      io.err(`${name}: cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const r = report as Partial<LoadReport> | null;
    if (!r || typeof r !== 'object' || typeof r.scenario !== 'string' || !r.posts || !r.deliveries || !r.histograms || !Array.isArray(r.timeline)) {
      io.err(`${name}: ${file} is not a report written by ${name} run --json\n`);
      return 2;
    }
    reports.push(r as LoadReport);
  }
  try {
    return await writeReports(mergeReports(reports), values, io);
  } catch (error) {
    if (error instanceof MergeError) {
      io.err(`${name}: cannot merge: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The `parley-load` command (`parley load`); returns the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  const name = io.name ?? 'parley-load';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { url: { type: 'string' }, admin: { type: 'string', default: 'admin' }, json: { type: 'string' }, html: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    io.err(`${name}: ${(error as Error).message}\n${usage(name)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, file] = positionals;
  if (values.help) {
    io.out(`${usage(name)}\n`);
    return 0;
  }
  if (command === 'merge') {
    if (positionals.length < 3) {
      io.err(`${name}: merge needs at least two reports\n${usage(name)}\n`);
      return 2;
    }
    return merge(positionals.slice(1), values, io, name);
  }
  if ((command !== 'validate' && command !== 'run') || !file || positionals.length > 2) {
    io.err(`${usage(name)}\n`);
    return 2;
  }
  let scenario;
  try {
    scenario = parseScenario(await readFile(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof ScenarioError) {
      io.err(`${name}: the scenario cannot be run:\n${error.message}\n`);
      return 2;
    }
    io.err(`${name}: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  if (command === 'validate') {
    io.out(`${file}: ${scenario.name}: ${scenario.users} users, ${scenario.rooms.reduce((n, g) => n + g.count, 0)} rooms, ${scenario.posts.perSecond} posts/s for ${scenario.durationSeconds} s\n`);
    return 0;
  }
  const password = io.env['PARLEY_LOAD_ADMIN_PASSWORD'];
  if (!values.url || !password) {
    io.err(`${name}: run needs --url and PARLEY_LOAD_ADMIN_PASSWORD\n${usage(name)}\n`);
    return 2;
  }
  const target: LoadTarget = { url: values.url, admin: { username: values.admin, password } };
  const progress = (p: Progress) =>
    io.err(`[${p.phase}] ${p.second}s connected ${p.connected}/${scenario.users} acknowledged ${p.acknowledged} received ${p.received} errors ${p.errors}\n`);
  const report = await (io.run ?? runLoad)(scenario, target, progress);
  return writeReports(report, values, io);
}
