#!/usr/bin/env node
import { stringify } from 'yaml';
import { checkObjects, formatProblem } from './check.js';
import { inOutputOrder, OVERLAYS, renderOverlay, type Overlay } from './kustomize.js';
import { healthPaths, loadServiceSettings } from './settings.js';

const USAGE = `usage: parley-k8s-check render <${OVERLAYS.join('|')}>   print the overlay's objects (as kubectl kustomize does)
       parley-k8s-check check [overlay...]        check overlays (all by default); exit 1 on a problem`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const overlays = (rest.length ? rest : OVERLAYS) as Overlay[];
  const unknown = overlays.find((o) => !OVERLAYS.includes(o));
  if ((command !== 'render' && command !== 'check') || unknown || (command === 'render' && overlays.length !== 1)) {
    process.stderr.write(`${unknown ? `unknown overlay "${unknown}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  if (command === 'render') {
    process.stdout.write(inOutputOrder(renderOverlay(overlays[0]!)).map((o) => stringify(o)).join('---\n'));
    return 0;
  }
  const context = { settings: await loadServiceSettings(), health: healthPaths() };
  let failed = false;
  for (const overlay of overlays) {
    const objects = renderOverlay(overlay);
    const problems = checkObjects(objects, context);
    failed ||= problems.length > 0;
    process.stdout.write(`k8s/overlays/${overlay}: ${objects.length} objects, ${problems.length ? `${problems.length} problem(s)` : 'no problems'}\n`);
    for (const problem of problems) process.stdout.write(`  ${formatProblem(problem)}\n`);
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parley-k8s-check: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
