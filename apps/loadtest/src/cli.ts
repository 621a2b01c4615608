import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { htmlReport, textReport } from './report/report.js';
import { runLoad, type LoadTarget, type Progress } from './run/load-run.js';
import { parseScenario, ScenarioError } from './scenario/scenario.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Runs the load (a test passes its own). */
  run?: typeof runLoad;
}

export const USAGE = `usage:
  parley-load validate <scenario.yaml>
  parley-load run <scenario.yaml> --url <provisioning URL> [--admin <username>] [--json <file>] [--html <file>]

The administrator's password is read from PARLEY_LOAD_ADMIN_PASSWORD.
Exit status: 0 done, nothing lost; 1 posts failed, or messages were lost or duplicated; 2 bad arguments or scenario.`;

/** The `parley-load` command; returns the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { url: { type: 'string' }, admin: { type: 'string', default: 'admin' }, json: { type: 'string' }, html: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    io.err(`parley-load: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, file] = positionals;
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if ((command !== 'validate' && command !== 'run') || !file || positionals.length > 2) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let scenario;
  try {
    scenario = parseScenario(await readFile(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof ScenarioError) {
      io.err(`parley-load: the scenario cannot be run:\n${error.message}\n`);
      return 2;
    }
    io.err(`parley-load: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  if (command === 'validate') {
    io.out(`${file}: ${scenario.name}: ${scenario.users} users, ${scenario.rooms.reduce((n, g) => n + g.count, 0)} rooms, ${scenario.posts.perSecond} posts/s for ${scenario.durationSeconds} s\n`);
    return 0;
  }
  const password = io.env['PARLEY_LOAD_ADMIN_PASSWORD'];
  if (!values.url || !password) {
    io.err(`parley-load: run needs --url and PARLEY_LOAD_ADMIN_PASSWORD\n${USAGE}\n`);
    return 2;
  }
  const target: LoadTarget = { url: values.url, admin: { username: values.admin, password } };
  const progress = (p: Progress) =>
    io.err(`[${p.phase}] ${p.second}s connected ${p.connected}/${scenario.users} acknowledged ${p.acknowledged} received ${p.received} errors ${p.errors}\n`);
  const report = await (io.run ?? runLoad)(scenario, target, progress);
  io.out(`${textReport(report)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.html) await writeFile(values.html, htmlReport(report));
  return report.posts.failed > 0 || report.deliveries.lost > 0 || report.deliveries.duplicated > 0 ? 1 : 0;
}
