import { at, byKind, list, podTemplateOf, selects, serviceSelector, type ContainerPort, type KObject, type PodTemplate } from './manifest.js';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

/** The ports of every container of a pod template. */
export const containerPorts = (template: PodTemplate): ContainerPort[] => template.spec.containers.flatMap((c) => c.ports ?? []);

/** The workloads whose pods a Service (or any label selector holder) sends to. */
export function workloadsBehind(service: KObject, objects: readonly KObject[]): KObject[] {
  const selector = serviceSelector(service);
  return objects.filter((o) => {
    const labels = podTemplateOf(o)?.metadata?.labels;
    return labels !== undefined && selects(selector, labels);
  });
}

/** The container port a Service port reaches on a pod, or undefined when the pod has none such. */
export function targetPortOn(servicePort: ServicePort, template: PodTemplate): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const ports = containerPorts(template);
  if (typeof target === 'string') return ports.find((p) => p.name === target)?.containerPort;
  return ports.some((p) => p.containerPort === target) ? target : undefined;
}

/** A connection to a Service's port, as the pods behind it receive it. */
export interface Target {
  service: KObject;
  port: ServicePort;
  /** Each workload behind the Service, and the container port the connection reaches there. */
  backends: { workload: KObject; containerPort: number }[];
}

/**
 * Resolves a host name a pod connects to: a Service of the namespace (`nats`, `nats.parley`,
 * `nats.parley.svc.cluster.local`), or a StatefulSet pod behind a headless one
 * (`nats-0.nats-headless`). Undefined for a host outside the cluster (it has a dot and is neither).
 */
export function resolveHost(host: string, port: number, objects: readonly KObject[]): Target | string | undefined {
  const services = byKind(objects, 'Service');
  const labels = host.split('.');
  const namespace = services[0]?.metadata.namespace;
  const inNamespace = (rest: string[]) =>
    rest.length === 0 || (rest[0] === namespace && (rest.length === 1 || rest.slice(1).join('.') === 'svc' || rest.slice(1).join('.') === 'svc.cluster.local'));
  let service = inNamespace(labels.slice(1)) ? services.find((s) => s.metadata.name === labels[0]) : undefined;
  let podName: string | undefined;
  if (!service && labels.length >= 2 && inNamespace(labels.slice(2))) {
    service = services.find((s) => s.metadata.name === labels[1] && at(s, 'spec', 'clusterIP') === 'None');
    podName = labels[0];
  }
  if (!service) {
    const looksInternal = labels.length === 1 || host.endsWith('.svc') || host.endsWith('.svc.cluster.local');
    return looksInternal ? `${host} is no Service of the namespace` : undefined;
  }
  const servicePort = list<ServicePort>(service, 'spec', 'ports').find((p) => p.port === port);
  if (!servicePort) return `Service ${service.metadata.name} has no port ${port}`;
  let workloads = workloadsBehind(service, objects);
  if (podName !== undefined) {
    // A StatefulSet's pods are <name>-<ordinal>, within its replicas.
    const match = /^(.*)-(\d+)$/.exec(podName);
    workloads = workloads.filter((w) => w.kind === 'StatefulSet' && match && match[1] === w.metadata.name && Number(match[2]) < Number(at(w, 'spec', 'replicas') ?? 1));
    if (workloads.length === 0) return `${host}: no pod ${podName} behind Service ${service.metadata.name}`;
  }
  if (workloads.length === 0) return `Service ${service.metadata.name} selects no pods`;
  const backends: Target['backends'] = [];
  for (const workload of workloads) {
    const containerPort = targetPortOn(servicePort, podTemplateOf(workload)!);
    if (containerPort === undefined) return `Service ${service.metadata.name} port ${port} reaches no container port of ${workload.kind}/${workload.metadata.name}`;
    backends.push({ workload, containerPort });
  }
  return { service, port: servicePort, backends };
}

const DEFAULT_PORTS: Record<string, number> = { nats: 4222, tls: 4222, mssql: 1433, postgres: 5432, postgresql: 5432, http: 80, https: 443 };

/** The URLs in a setting's value (several for comma-separated lists), with their default ports. */
export function urlsIn(value: string): { url: URL; host: string; port: number }[] {
  const found: { url: URL; host: string; port: number }[] = [];
  for (const part of value.split(',')) {
    const match = /^([a-z][a-z0-9+.-]*):\/\//.exec(part.trim());
    if (!match || !(match[1]! in DEFAULT_PORTS)) continue;
    try {
      const url = new URL(part.trim());
      if (!url.hostname) continue;
      found.push({ url, host: url.hostname, port: url.port ? Number(url.port) : DEFAULT_PORTS[match[1]!]! });
    } catch {
      continue;
    }
  }
  return found;
}
