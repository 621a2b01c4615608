import { Command } from 'commander';
import { loadMain, loadUsage } from '@parley/load';
import type { CliContext } from '../context.js';

/** The load tool's output ends its lines itself; the context adds one. */
const line = (write: (text: string) => void) => (text: string) => write(text.replace(/\n$/, ''));

/**
 * `parley load`: the load-test tool (also the standalone `parley-load`), with its own arguments:
 * validate a scenario, run it against a deployment, or merge the reports of several machines.
 */
export function loadCommand(context: Pick<CliContext, 'print' | 'note'>): Command {
  return new Command('load')
    .description('load-test a deployment: validate or run a scenario file, merge reports (docs/operations.md)')
    .argument('[args...]', 'validate <scenario> | run <scenario> --url <URL> | merge <report>...')
    .allowUnknownOption()
    .helpOption(false)
    .addHelpText('after', `\n${loadUsage('parley load')}`)
    .action(async (args: string[]) => {
      process.exitCode = await loadMain(args, {
        out: line(context.print),
        err: line(context.note),
        env: process.env,
        name: 'parley load',
      });
    });
}
