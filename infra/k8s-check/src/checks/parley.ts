import { CHANNEL_NODE_OPTIONS, ConfigError, loadConfig, type ServiceName } from '@parley/config';
import { containerEnvironment, problemsOf, references, SAMPLE_POD_IP, type EnvValue } from '../environment.js';
import { imageName } from '../kustomize.js';
import { at, byKind, find, list, podTemplateOf, type Container, type KObject, type Probe, type Problem } from '../manifest.js';
import { resolveHost, urlsIn } from '../services.js';
import { COMPONENTS, type Component, type HealthPaths, type ServiceSettings } from '../settings.js';

/** One Parley component's container in a rendered overlay (a service's, or the web client's), with its environment as it will be. */
export interface ParleyContainer {
  service: Component;
  workload: KObject;
  container: Container;
  env: Map<string, EnvValue>;
  /** The configuration the service loads from that environment (undefined when it refuses it). */
  config: Record<string, unknown> | undefined;
}

/** The container of each Parley component: the one named after it in its Deployment. */
export function parleyContainers(objects: readonly KObject[], settings: ServiceSettings): { containers: ParleyContainer[]; problems: Problem[] } {
  const containers: ParleyContainer[] = [];
  const problems: Problem[] = [];
  for (const service of COMPONENTS) {
    const workload = find(objects, 'Deployment', service);
    const container = workload && podTemplateOf(workload)?.spec.containers.find((c) => c.name === service);
    if (!workload || !container) {
      problems.push({ object: `Deployment/${service}`, message: `missing: every Parley service (and web, the web client) runs as a Deployment named after it, with a container of that name` });
      continue;
    }
    const { env, problems: envProblems } = containerEnvironment(container, workload, objects);
    problems.push(...problemsOf(workload, container, envProblems));
    let config: Record<string, unknown> | undefined;
    try {
      config = loadConfig(settings[service], Object.fromEntries([...env].map(([name, v]) => [name, v.value])));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...problemsOf(workload, container, [`the ${service} service would refuse its configuration: ${error.message}`]));
    }
    containers.push({ service, workload, container, env, config });
  }
  return { containers, problems };
}

function probePort(probe: Probe | undefined, container: Container): number | undefined {
  const port = probe?.httpGet?.port;
  return typeof port === 'string' ? container.ports?.find((p) => p.name === port)?.containerPort : port;
}

/**
 * What each Parley container must get right for its service: only settings the service has, a
 * configuration it accepts, its image and entry point, its HTTP port, probes on its health
 * endpoints, in-cluster addresses that exist, a writable data directory on a read-only root, and
 * time to stop (channel servers: to drain).
 */
export function parleyProblems(parley: ParleyContainer, settings: ServiceSettings, healthPaths: Record<Component, HealthPaths>, objects: readonly KObject[]): Problem[] {
  const { service, workload, container, env, config } = parley;
  const health = healthPaths[service];
  const messages: string[] = [];
  const known = new Set(Object.values(settings[service]).map((s) => s.env));
  const referenced = new Set((container.env ?? []).flatMap((v) => (v.value ? references(v.value) : [])));
  for (const name of env.keys()) {
    if (name.startsWith('PARLEY_')) {
      if (!known.has(name)) messages.push(`sets ${name}, which is no setting of the ${service} service (docs/configuration.md)`);
    } else if (name === 'NODE_OPTIONS') {
      // Node reads it; only the channel has options of its own, and they are those the launcher uses.
      const expected = service === 'channel' ? CHANNEL_NODE_OPTIONS : undefined;
      if (env.get(name)?.value !== expected) messages.push(`sets NODE_OPTIONS to "${env.get(name)?.value}"; ${expected ? `the channel runs with "${expected}" (CHANNEL_NODE_OPTIONS, libs/config)` : 'it runs with none'}`);
    } else if (!referenced.has(name)) messages.push(`sets ${name}, which the service does not read and no other variable refers to`);
  }
  if (service === 'channel' && !env.has('NODE_OPTIONS')) messages.push(`does not set NODE_OPTIONS to "${CHANNEL_NODE_OPTIONS}" (CHANNEL_NODE_OPTIONS, libs/config), which channel servers run with`);

  const image = imageName(container.image).split('/').pop();
  if (image !== `parley-${service}`) messages.push(`runs image ${container.image}; the ${service} service's image is parley-${service} (Dockerfile, SERVICE=${service})`);
  if (container.command) messages.push('overrides the image entry point (the Dockerfile’s ENTRYPOINT, which runs the same code as the launcher)');

  const port = (config?.['httpPort'] as number | undefined) ?? undefined;
  const http = container.ports?.find((p) => p.name === 'http');
  if (port !== undefined && http?.containerPort !== port) messages.push(`its port "http" is ${http?.containerPort ?? 'missing'}, but the service listens on ${port} (PARLEY_HTTP_PORT)`);
  for (const [kind, probe, path] of [
    ['readinessProbe', container.readinessProbe, health.ready],
    ['livenessProbe', container.livenessProbe, health.live],
    ['startupProbe', container.startupProbe, health.live],
  ] as const) {
    if (!probe) {
      if (kind !== 'startupProbe') messages.push(`has no ${kind} (GET ${path})`);
      continue;
    }
    if (probe.httpGet?.path !== path) messages.push(`${kind} asks ${probe.httpGet?.path ?? 'no HTTP path'}; the service answers it at ${path}`);
    if (port !== undefined && probePort(probe, container) !== port) messages.push(`${kind} goes to port ${String(probe.httpGet?.port)}, not the service's ${port}`);
  }

  // Addresses inside the cluster must be Services with that port.
  for (const [name, { value }] of env) {
    for (const { host, port: target } of urlsIn(value)) {
      if (host === SAMPLE_POD_IP) continue;
      const resolved = resolveHost(host, target, objects);
      if (typeof resolved === 'string') messages.push(`${name} points at ${host}:${target}: ${resolved}`);
    }
  }

  const instance = env.get('PARLEY_INSTANCE_ID');
  if (instance?.fieldPath !== 'metadata.name') messages.push('PARLEY_INSTANCE_ID must be the pod name (fieldRef metadata.name): each instance registers under its own');
  if (known.has('PARLEY_ADVERTISE_URL')) {
    const advertise = env.get('PARLEY_ADVERTISE_URL');
    const url = advertise ? urlsIn(advertise.value)[0] : undefined;
    if (!url || url.host !== SAMPLE_POD_IP || url.port !== port) {
      messages.push(`PARLEY_ADVERTISE_URL must be this pod's own address and port, http://$(POD_IP):${port} with POD_IP from status.podIP (got ${advertise?.raw ?? 'nothing'})`);
    }
  }

  const spec = podTemplateOf(workload)!.spec;
  const mounts = container.volumeMounts ?? [];
  if (container.securityContext?.readOnlyRootFilesystem !== true) messages.push('needs readOnlyRootFilesystem: true (it writes only to PARLEY_DATA_DIR and /tmp)');
  const dataDir = config?.['dataDir'] as string | undefined;
  for (const dir of [dataDir, '/tmp']) {
    if (dir !== undefined && !mounts.some((m) => m.mountPath === dir && m.readOnly !== true)) messages.push(`${dir} must be a writable volume (the root file system is read-only)`);
  }

  const graceMs = (spec.terminationGracePeriodSeconds ?? 30) * 1000;
  const shutdownMs = config?.['shutdownGraceMs'] as number | undefined;
  const preStop = container.lifecycle?.preStop?.exec?.command;
  const preStopMs = preStop?.[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
  if (shutdownMs !== undefined && graceMs <= shutdownMs + preStopMs) {
    messages.push(`terminationGracePeriodSeconds (${graceMs / 1000}) must exceed the preStop wait and PARLEY_SHUTDOWN_GRACE_MS (${(preStopMs + shutdownMs) / 1000} s), or stopping is cut short`);
  }
  return problemsOf(workload, container, messages);
}

/** Channel servers: rolling updates that never lower capacity (a new pod is ready before an old one drains). */
export function channelRolloutProblems(objects: readonly KObject[]): Problem[] {
  const channel = find(objects, 'Deployment', 'channel');
  if (!channel) return [];
  const strategy = at(channel, 'spec', 'strategy');
  const unavailable = at(strategy, 'rollingUpdate', 'maxUnavailable');
  if (at(strategy, 'type') === 'Recreate' || (unavailable !== 0 && unavailable !== '0%')) {
    return [{ object: 'Deployment/channel', message: 'needs a RollingUpdate with maxUnavailable: 0, so capacity stays while old pods drain' }];
  }
  return [];
}

/** Settings that must agree between services, and with what they describe. */
export function agreementProblems(parley: readonly ParleyContainer[], objects: readonly KObject[]): Problem[] {
  const problems: Problem[] = [];
  const shared = { deadAfterMs: 'PARLEY_INSTANCE_DEAD_AFTER_MS', tokenIssuer: 'PARLEY_TOKEN_ISSUER', streamReplicas: 'PARLEY_STREAM_REPLICAS', namespace: 'PARLEY_NAMESPACE' };
  for (const [key, env] of Object.entries(shared)) {
    const all = parley.filter((p) => p.config && key in p.config).map((p) => [p.service, p.config![key]] as const);
    if (new Set(all.map(([, v]) => v)).size > 1) {
      problems.push({ object: 'ConfigMap', message: `${env} differs between services: ${all.map(([s, v]) => `${s}=${String(v)}`).join(', ')}` });
    }
  }
  const nats = find(objects, 'StatefulSet', 'nats');
  const nodes = Number(at(nats, 'spec', 'replicas') ?? 1);
  for (const p of parley) {
    const replicas = p.config?.['streamReplicas'] as number | undefined;
    if (replicas !== undefined && replicas > nodes) {
      problems.push({ object: `Deployment/${p.service}`, message: `PARLEY_STREAM_REPLICAS=${replicas}, but NATS has ${nodes} node(s): streams could not be created` });
    }
  }
  // Provisioning tells clients where the other services are: those addresses must be ingress hosts for them.
  const provisioning = parley.find((p) => p.service === 'provisioning');
  const ingresses = byKind(objects, 'Ingress');
  const publicUrls: [string, ServiceName][] = [
    ['publicLookupUrl', 'lookup'],
    ['publicChannelUrl', 'channel'],
    ['publicFilesUrl', 'files'],
    ['publicComplianceUrl', 'compliance'],
  ];
  for (const [key, service] of publicUrls) {
    const url = provisioning?.config?.[key];
    if (typeof url !== 'string') continue;
    const host = new URL(url).hostname;
    const backend = ingresses
      .flatMap((i) => list(i, 'spec', 'rules'))
      .filter((rule) => rule['host'] === host)
      .flatMap((rule) => list(rule, 'http', 'paths'))
      .map((path) => at(path, 'backend', 'service', 'name'));
    if (!backend.includes(service)) problems.push({ object: 'Deployment/provisioning', message: `tells clients ${service} is at ${url}, but no Ingress rule for ${host} leads to Service ${service}` });
    const tls = ingresses.some((i) => list(i, 'spec', 'tls').some((t) => (t['hosts'] as string[] | undefined)?.includes(host)));
    if (url.startsWith('https:') !== tls) problems.push({ object: 'Deployment/provisioning', message: `${url}: ${tls ? 'the Ingress serves TLS for this host; use https' : 'no Ingress TLS for this host, so https cannot work'}` });
  }
  return problems;
}
