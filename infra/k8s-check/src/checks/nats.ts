import { at, find, list, podTemplateOf, ref, type KObject, type Problem } from '../manifest.js';
import { resolveHost } from '../services.js';

/** The nats-server configuration file the StatefulSet's container is started with, from its ConfigMap. */
function natsConfig(nats: KObject, objects: readonly KObject[]): string | string[] {
  const spec = podTemplateOf(nats)!.spec;
  const container = spec.containers[0]!;
  const args = container.args ?? [];
  const file = args[args.findIndex((a) => a === '--config' || a === '-c') + 1];
  if (!file || args.indexOf(file) === 0) return ['the nats container is not started with --config <file>'];
  const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
  const volume = spec.volumes?.find((v) => v.name === mount?.name);
  const configMap = volume?.configMap && find(objects, 'ConfigMap', volume.configMap.name);
  const text = configMap && (at(configMap, 'data', file.slice(mount!.mountPath.length + 1)) as string | undefined);
  return text ?? [`${file} is not in a mounted ConfigMap`];
}

/**
 * The NATS StatefulSet and its configuration agree: one cluster route per replica through the
 * headless Service (none for a single node), the JetStream store on a persistent volume, and every
 * $VARIABLE of the file set in the container.
 */
export function natsProblems(objects: readonly KObject[]): Problem[] {
  const nats = find(objects, 'StatefulSet', 'nats');
  if (!nats) return [{ object: 'StatefulSet/nats', message: 'missing: the event log runs on a NATS JetStream StatefulSet named nats' }];
  const problems: Problem[] = [];
  const say = (message: string) => problems.push({ object: ref(nats), message });
  const config = natsConfig(nats, objects);
  if (Array.isArray(config)) return config.map((message) => ({ object: ref(nats), message }));
  const container = podTemplateOf(nats)!.spec.containers[0]!;
  const replicas = Number(at(nats, 'spec', 'replicas') ?? 1);
  const serviceName = at(nats, 'spec', 'serviceName') as string;
  const headless = find(objects, 'Service', serviceName);
  if (at(headless, 'spec', 'clusterIP') !== 'None' || at(headless, 'spec', 'publishNotReadyAddresses') !== true) {
    say(`serviceName ${serviceName} must be a headless Service (clusterIP: None) publishing not-ready addresses, so nodes find each other before they are ready`);
  }

  const cluster = /cluster\s*\{([\s\S]*?)\n\}/.exec(config)?.[1];
  const routes = [...(/routes\s*:\s*\[([^\]]*)\]/.exec(cluster ?? '')?.[1] ?? '').matchAll(/nats-route:\/\/\S+|nats:\/\/[^\s,]+/g)].map((m) => m[0]);
  if (replicas > 1) {
    const clusterPort = Number(/listen\s*:\s*\S*:(\d+)/.exec(cluster ?? '')?.[1] ?? NaN);
    const expected = Array.from({ length: replicas }, (_, i) => `nats://${nats.metadata.name}-${i}.${serviceName}:${clusterPort}`);
    if (!cluster) say(`${replicas} replicas, but nats.conf has no cluster block: the nodes would not form a cluster`);
    else if (expected.join(' ') !== routes.join(' ')) say(`cluster routes ${routes.join(' ') || '(none)'} must be one per replica: ${expected.join(' ')}`);
    for (const route of routes) {
      const url = new URL(route);
      const resolved = resolveHost(url.hostname, Number(url.port), objects);
      if (typeof resolved === 'string') say(`route ${route}: ${resolved}`);
    }
  } else if (cluster) say('a single node with a cluster block waits for peers that never come: remove the cluster block');

  const store = /store_dir\s*:\s*"?([^\s"]+)/.exec(config)?.[1];
  const claims = new Set(list(nats, 'spec', 'volumeClaimTemplates').map((c) => at(c, 'metadata', 'name')));
  const storeMount = (container.volumeMounts ?? []).find((m) => store?.startsWith(m.mountPath));
  if (!store || !storeMount || !claims.has(storeMount.name)) say(`the JetStream store (${store ?? 'no store_dir'}) must be on a volumeClaimTemplate, or the event log is lost with the pod`);

  const defined = new Set((container.env ?? []).map((v) => v.name));
  for (const [, name] of config.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)) if (!defined.has(name!)) say(`nats.conf uses $${name}, which the container does not set`);
  return problems;
}
