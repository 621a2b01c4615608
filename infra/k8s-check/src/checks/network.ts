import { containerEnvironment, SAMPLE_POD_IP } from '../environment.js';
import { at, byKind, podTemplateOf, ref, type Container, type KObject, type PodTemplate, type Problem } from '../manifest.js';
import { allowed, type Endpoint } from '../network-policy.js';
import { containerPorts, resolveHost, urlsIn } from '../services.js';

/** Where the ingress controller and Prometheus run (network-policies.yaml names them the same way). */
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const MONITORING_NAMESPACE = 'monitoring';
/** A client on the Internet, for live sessions that go straight to channel pods. */
const CLIENT: Endpoint = { ip: '203.0.113.10' };
const DNS: Endpoint = { pod: { labels: { 'k8s-app': 'kube-dns' } }, namespace: 'kube-system' };

interface Need {
  from: Endpoint;
  fromName: string;
  /** A workload of the namespace, or cluster DNS. */
  to: KObject | 'DNS';
  port: number;
  protocol?: 'TCP' | 'UDP';
  why: string;
}

const endpointOf = (workload: KObject): Endpoint => {
  const template = podTemplateOf(workload)!;
  return {
    pod: { labels: template.metadata?.labels ?? {}, ports: Object.fromEntries(containerPorts(template).filter((p) => p.name).map((p) => [p.name!, p.containerPort])) },
    namespace: workload.metadata.namespace ?? 'default',
  };
};

/** The host:port a container connects to: URLs in its environment and its configuration files, sqlcmd's -S. */
function addressesOf(container: Container, template: PodTemplate, workload: KObject, objects: readonly KObject[]): { host: string; port: number; why: string }[] {
  const found: { host: string; port: number; why: string }[] = [];
  const { env } = containerEnvironment(container, workload, objects);
  for (const [name, { value }] of env) for (const { host, port } of urlsIn(value)) found.push({ host, port, why: name });
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  for (const [i, arg] of args.entries()) {
    for (const { host, port } of urlsIn(arg)) found.push({ host, port, why: 'its arguments' });
    const server = args[i - 1] === '-S' ? /^([a-z0-9.-]+)[,:](\d+)$/.exec(arg) : null;
    if (server) found.push({ host: server[1]!, port: Number(server[2]), why: 'sqlcmd -S' });
  }
  for (const mount of container.volumeMounts ?? []) {
    const volume = template.spec.volumes?.find((v) => v.name === mount.name);
    const configMap = volume?.configMap && objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap!.name);
    for (const [file, text] of Object.entries((configMap?.['data'] as Record<string, string> | undefined) ?? {})) {
      for (const token of text.split(/\s+/)) for (const { host, port } of urlsIn(token)) found.push({ host, port, why: `${mount.mountPath}/${file}` });
    }
  }
  return found.filter((a) => a.host !== SAMPLE_POD_IP);
}

/** Every connection the rendered objects make: from their own configuration, plus the ingress controller, Prometheus, clients and DNS. */
function needs(objects: readonly KObject[]): { needs: Need[]; problems: Problem[] } {
  const result: Need[] = [];
  const problems: Problem[] = [];
  for (const workload of objects.filter((o) => podTemplateOf(o))) {
    const template = podTemplateOf(workload)!;
    const from = endpointOf(workload);
    for (const container of [...(template.spec.initContainers ?? []), ...template.spec.containers]) {
      for (const { host, port, why } of addressesOf(container, template, workload, objects)) {
        const target = resolveHost(host, port, objects);
        if (typeof target === 'string') problems.push({ object: ref(workload), message: `${why} connects to ${host}:${port}: ${target}` });
        else for (const backend of target?.backends ?? []) result.push({ from, fromName: ref(workload), to: backend.workload, port: backend.containerPort, why: `${why}: ${host}:${port}` });
      }
      const advertise = (container.env ?? []).find((v) => v.name === 'PARLEY_ADVERTISE_URL')?.value;
      const advertised = advertise ? /:(\d+)$/.exec(new URL(advertise.replace(/\$\([A-Z_]+\)/g, 'host')).host)?.[1] : undefined;
      if (advertised) result.push({ from: CLIENT, fromName: 'a client', to: workload, port: Number(advertised), why: 'live sessions at PARLEY_ADVERTISE_URL' });
    }
    for (const protocol of ['UDP', 'TCP'] as const) result.push({ from, fromName: ref(workload), to: 'DNS', port: 53, protocol, why: 'DNS' });
    const annotations = template.metadata && (at(template, 'metadata', 'annotations') as Record<string, string> | undefined);
    if (annotations?.['prometheus.io/scrape'] === 'true') {
      const monitoring: Endpoint = { pod: { labels: {} }, namespace: MONITORING_NAMESPACE };
      result.push({ from: monitoring, fromName: 'Prometheus', to: workload, port: Number(annotations['prometheus.io/port']), why: 'metrics' });
    }
  }
  for (const ingress of byKind(objects, 'Ingress')) {
    for (const rule of (at(ingress, 'spec', 'rules') as { http?: { paths: { backend: { service?: { name: string; port: { name?: string; number?: number } } } }[] } }[] | undefined) ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const service = backend && objects.find((o) => o.kind === 'Service' && o.metadata.name === backend.name);
        const port = (at(service, 'spec', 'ports') as { name?: string; port: number }[] | undefined)?.find((p) => p.name === backend?.port.name || p.port === backend?.port.number);
        const target = port && resolveHost(backend!.name, port.port, objects);
        if (target && typeof target !== 'string') {
          const controller: Endpoint = { pod: { labels: {} }, namespace: INGRESS_NAMESPACE };
          for (const b of target.backends) result.push({ from: controller, fromName: 'the ingress controller', to: b.workload, port: b.containerPort, why: `Ingress ${ingress.metadata.name}` });
        }
      }
    }
  }
  return { needs: result, problems };
}

/**
 * NetworkPolicies allow exactly what Parley uses: every connection the configuration makes gets
 * through, and nothing else between the namespace's pods does, nor from other namespaces.
 */
export function networkProblems(objects: readonly KObject[]): Problem[] {
  const { needs: required, problems } = needs(objects);
  for (const need of required) {
    const to = need.to === 'DNS' ? DNS : endpointOf(need.to);
    if (!allowed(objects, need.from, to, { port: need.port, protocol: need.protocol ?? 'TCP' })) {
      const where = need.to === 'DNS' ? 'cluster DNS' : `${ref(need.to)} port ${need.port}`;
      problems.push({ object: 'NetworkPolicy', message: `blocks ${need.fromName} from reaching ${where} (${need.why})` });
    }
  }
  const workloads = objects.filter((o) => podTemplateOf(o));
  const elsewhere: Endpoint = { pod: { labels: {} }, namespace: 'elsewhere' };
  for (const to of workloads) {
    for (const port of containerPorts(podTemplateOf(to)!)) {
      const protocol = (port.protocol ?? 'TCP') as 'TCP' | 'UDP';
      const connection = { port: port.containerPort, protocol };
      const isNeeded = (name: string) => required.some((n) => n.fromName === name && n.to === to && n.port === port.containerPort);
      for (const from of workloads) {
        // A single pod talking to itself does not go through the network policies.
        if (from === to && Number(at(to, 'spec', 'replicas') ?? 1) <= 1) continue;
        if (allowed(objects, endpointOf(from), endpointOf(to), connection) && !isNeeded(ref(from))) {
          problems.push({ object: 'NetworkPolicy', message: `lets ${ref(from)} reach ${ref(to)} port ${port.containerPort}, which it never connects to` });
        }
      }
      if (allowed(objects, elsewhere, endpointOf(to), connection)) problems.push({ object: 'NetworkPolicy', message: `lets pods of any namespace reach ${ref(to)} port ${port.containerPort}` });
      if (allowed(objects, CLIENT, endpointOf(to), connection) && !isNeeded('a client')) problems.push({ object: 'NetworkPolicy', message: `lets anyone outside the cluster reach ${ref(to)} port ${port.containerPort}` });
    }
  }
  return problems;
}
