import { at, byKind, containersOf, isWorkload, podTemplateOf, ref, selects, type KObject, type LabelSelector, type Problem } from '../manifest.js';

/**
 * Every workload: resources on every container, pods that run without privileges, a selector
 * that matches its own pods, and (Deployments, replicated StatefulSets) a PodDisruptionBudget.
 */
export function workloadProblems(objects: readonly KObject[]): Problem[] {
  const problems: Problem[] = [];
  const budgets = byKind(objects, 'PodDisruptionBudget');
  for (const workload of objects.filter(isWorkload)) {
    const template = podTemplateOf(workload);
    if (!template) continue;
    const say = (message: string) => problems.push({ object: ref(workload), message });
    const labels = template.metadata?.labels ?? {};
    const selector = at(workload, 'spec', 'selector') as LabelSelector | undefined;
    if (workload.kind !== 'Job' && !selects(selector, labels)) say('its selector does not match its pod template labels');
    const pod = template.spec;
    for (const container of containersOf(pod)) {
      const { requests = {}, limits = {} } = container.resources ?? {};
      if (!requests['cpu'] || !requests['memory'] || !limits['memory']) say(`container ${container.name}: needs resources.requests cpu and memory and resources.limits memory`);
      const context = container.securityContext ?? {};
      if (context.allowPrivilegeEscalation !== false) say(`container ${container.name}: needs allowPrivilegeEscalation: false`);
      const drop = at(context, 'capabilities', 'drop') as string[] | undefined;
      if (!drop?.includes('ALL')) say(`container ${container.name}: needs capabilities.drop [ALL]`);
      if (context.runAsNonRoot !== true && pod.securityContext?.runAsNonRoot !== true) say(`container ${container.name}: needs runAsNonRoot: true`);
    }
    if (at(pod, 'securityContext', 'seccompProfile', 'type') !== 'RuntimeDefault') say('needs securityContext.seccompProfile RuntimeDefault');
    const replicated = workload.kind === 'Deployment' || (workload.kind === 'StatefulSet' && Number(at(workload, 'spec', 'replicas') ?? 1) > 1);
    if (replicated && !budgets.some((b) => selects(at(b, 'spec', 'selector') as LabelSelector, labels))) say('has no PodDisruptionBudget');
  }
  for (const budget of budgets) {
    const selector = at(budget, 'spec', 'selector') as LabelSelector;
    if (!objects.some((o) => selects(selector, podTemplateOf(o)?.metadata?.labels))) problems.push({ object: ref(budget), message: 'selects no pods' });
  }
  for (const hpa of byKind(objects, 'HorizontalPodAutoscaler')) {
    const target = at(hpa, 'spec', 'scaleTargetRef') as { kind: string; name: string };
    const workload = objects.find((o) => o.kind === target.kind && o.metadata.name === target.name);
    if (!workload) problems.push({ object: ref(hpa), message: `scales ${target.kind}/${target.name}, which does not exist` });
    else if (at(workload, 'spec', 'replicas') !== undefined) problems.push({ object: ref(workload), message: `sets replicas, which its HorizontalPodAutoscaler owns: every apply would reset them` });
    else if (!podTemplateOf(workload)!.spec.containers.every((c) => c.resources?.requests?.['cpu'])) problems.push({ object: ref(hpa), message: 'scales on CPU utilisation, which needs CPU requests' });
  }
  return problems;
}
