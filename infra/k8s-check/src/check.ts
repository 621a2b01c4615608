import { agreementProblems, channelRolloutProblems, parleyContainers, parleyProblems } from './checks/parley.js';
import { natsProblems } from './checks/nats.js';
import { networkProblems } from './checks/network.js';
import { referenceProblems } from './checks/references.js';
import { webProblems } from './checks/web.js';
import { workloadProblems } from './checks/workloads.js';
import type { KObject, Problem } from './manifest.js';
import { schemaProblems } from './schema.js';
import type { Component, HealthPaths, ServiceSettings } from './settings.js';

export interface CheckContext {
  settings: ServiceSettings;
  health: Record<Component, HealthPaths>;
}

/** Everything wrong with a rendered overlay; empty when it is fit to apply. */
export function checkObjects(objects: readonly KObject[], context: CheckContext): Problem[] {
  const schema = objects.flatMap(schemaProblems);
  const { containers, problems: parley } = parleyContainers(objects, context.settings);
  return [
    ...schema,
    ...parley,
    ...containers.flatMap((c) => parleyProblems(c, context.settings, context.health, objects)),
    ...agreementProblems(containers, objects),
    ...webProblems(containers, objects),
    ...channelRolloutProblems(objects),
    ...workloadProblems(objects),
    ...referenceProblems(objects),
    ...natsProblems(objects),
    ...networkProblems(objects),
  ];
}

export const formatProblem = (p: Problem): string => `${p.object}: ${p.message}`;
