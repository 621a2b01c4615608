import { at, byKind, containersOf, find, list, podTemplateOf, ref, type KObject, type Problem } from '../manifest.js';
import { targetPortOn, workloadsBehind, type ServicePort } from '../services.js';

/**
 * Secrets the prod overlay does not contain, created by the operator (docs/operations.md): their
 * names and keys. A Secret an overlay renders must have these keys too.
 */
export const EXTERNAL_SECRETS: Record<string, readonly string[]> = {
  'parley-db': ['sa-password', 'parley-password', 'compliance-password'],
  'parley-nats': ['user', 'password'],
  'parley-s3': ['access-key', 'secret-key'],
  'parley-admin': ['initial-password'],
  'parley-tls': ['tls.crt', 'tls.key'],
};

function secretKeys(name: string, objects: readonly KObject[]): readonly string[] | undefined {
  const secret = find(objects, 'Secret', name);
  if (secret) return [...Object.keys((secret['data'] as object | undefined) ?? {}), ...Object.keys((secret['stringData'] as object | undefined) ?? {})];
  return EXTERNAL_SECRETS[name];
}

/** ConfigMaps, Secrets and claims that pods name exist (with the keys named); Services and Ingresses reach pods. */
export function referenceProblems(objects: readonly KObject[]): Problem[] {
  const problems: Problem[] = [];
  for (const workload of objects) {
    const template = podTemplateOf(workload);
    if (!template) continue;
    const say = (message: string) => problems.push({ object: ref(workload), message });
    const secret = (name: string, key?: string) => {
      const keys = secretKeys(name, objects);
      if (!keys) say(`names Secret ${name}, which neither the overlay nor docs/operations.md provides`);
      else if (key !== undefined && !keys.includes(key)) say(`names key ${key} of Secret ${name}, which it does not have`);
    };
    for (const container of containersOf(template.spec)) {
      for (const variable of container.env ?? []) {
        const secretRef = variable.valueFrom?.secretKeyRef;
        if (secretRef) secret(secretRef.name, secretRef.key);
      }
      for (const source of container.envFrom ?? []) if (source.configMapRef && !find(objects, 'ConfigMap', source.configMapRef.name)) say(`names ConfigMap ${source.configMapRef.name}, which does not exist`);
      const volumes = new Set([...(template.spec.volumes ?? []).map((v) => v.name), ...list(workload, 'spec', 'volumeClaimTemplates').map((c) => at(c, 'metadata', 'name'))]);
      for (const mount of container.volumeMounts ?? []) if (!volumes.has(mount.name)) say(`container ${container.name} mounts volume ${mount.name}, which the pod does not have`);
    }
    for (const volume of template.spec.volumes ?? []) {
      if (volume.configMap && !find(objects, 'ConfigMap', volume.configMap.name)) say(`volume ${volume.name}: ConfigMap ${volume.configMap.name} does not exist`);
      if (volume.secret) secret(volume.secret.secretName);
      if (volume.persistentVolumeClaim && !find(objects, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)) {
        say(`volume ${volume.name}: PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName} does not exist`);
      }
    }
  }
  for (const service of byKind(objects, 'Service')) {
    const workloads = workloadsBehind(service, objects);
    if (workloads.length === 0) problems.push({ object: ref(service), message: 'selects no pods' });
    for (const port of list<ServicePort>(service, 'spec', 'ports')) {
      for (const workload of workloads) {
        if (targetPortOn(port, podTemplateOf(workload)!) === undefined) {
          problems.push({ object: ref(service), message: `port ${port.port} (target ${String(port.targetPort ?? port.port)}) is no container port of ${ref(workload)}` });
        }
      }
    }
  }
  for (const ingress of byKind(objects, 'Ingress')) {
    for (const tls of list(ingress, 'spec', 'tls')) {
      const name = tls['secretName'] as string | undefined;
      if (name && !secretKeys(name, objects)) problems.push({ object: ref(ingress), message: `names TLS Secret ${name}, which neither the overlay nor docs/operations.md provides` });
    }
    for (const path of list(ingress, 'spec', 'rules').flatMap((rule) => list(rule, 'http', 'paths'))) {
      const backend = at(path, 'backend', 'service') as { name: string; port: { name?: string; number?: number } } | undefined;
      if (!backend) continue;
      const service = find(objects, 'Service', backend.name);
      const ports = list<ServicePort>(service, 'spec', 'ports');
      if (!service) problems.push({ object: ref(ingress), message: `sends ${String(path['path'])} to Service ${backend.name}, which does not exist` });
      else if (!ports.some((p) => (backend.port.name !== undefined ? p.name === backend.port.name : p.port === backend.port.number))) {
        problems.push({ object: ref(ingress), message: `sends ${String(path['path'])} to port ${backend.port.name ?? backend.port.number} of Service ${backend.name}, which has no such port` });
      }
    }
  }
  return problems;
}
