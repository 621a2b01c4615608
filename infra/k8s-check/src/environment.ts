import { find, type Container, type KObject, type Problem } from './manifest.js';

/** Sample values the API server would fill in, so that values built from them can be checked. */
export const SAMPLE_POD_IP = '10.244.1.23';
export const samplePodName = (workload: string) => `${workload}-5d8c7b9f6d-x2k4q`;
/** What a Secret's key stands for: URL-safe, so it can sit in a URL as the real one must. */
export const secretPlaceholder = (name: string, key: string) => `secret-${name}-${key}`;

export interface EnvValue {
  value: string;
  /** The raw value as written, before $(VAR) references were expanded. */
  raw?: string;
  fieldPath?: string;
  secret?: { name: string; key: string };
}

/**
 * A container's environment as the kubelet builds it: envFrom sources in order, then env in order
 * (later ones win), with $(VAR) references to variables defined before expanded and $$ escaping.
 * Secrets become placeholders, downward-API fields sample values.
 */
export function containerEnvironment(container: Container, workload: KObject, objects: readonly KObject[]): { env: Map<string, EnvValue>; problems: string[] } {
  const env = new Map<string, EnvValue>();
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const configMap = find(objects, 'ConfigMap', source.configMapRef.name);
      if (!configMap) problems.push(`envFrom names ConfigMap ${source.configMapRef.name}, which does not exist`);
      for (const [key, value] of Object.entries((configMap?.['data'] as Record<string, string> | undefined) ?? {})) env.set(key, { value });
    }
    if (source.secretRef) problems.push(`envFrom secretRef ${source.secretRef.name}: name each secret variable with secretKeyRef instead, so the checks can see it`);
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (variable.value !== undefined) env.set(variable.name, { value: expand(variable.value, env), raw: variable.value });
    else if (from?.fieldRef) env.set(variable.name, { value: fieldValue(from.fieldRef.fieldPath, workload), fieldPath: from.fieldRef.fieldPath });
    else if (from?.secretKeyRef) env.set(variable.name, { value: secretPlaceholder(from.secretKeyRef.name, from.secretKeyRef.key), secret: from.secretKeyRef });
    else if (from?.configMapKeyRef) {
      const data = find(objects, 'ConfigMap', from.configMapKeyRef.name)?.['data'] as Record<string, string> | undefined;
      const value = data?.[from.configMapKeyRef.key];
      if (value === undefined) problems.push(`${variable.name} names key ${from.configMapKeyRef.key} of ConfigMap ${from.configMapKeyRef.name}, which does not exist`);
      env.set(variable.name, { value: value ?? '' });
    } else env.set(variable.name, { value: '' });
  }
  return { env, problems };
}

/** Expands $(VAR) as Kubernetes does: defined variables only, `$$` for a literal `$`. */
export function expand(value: string, env: ReadonlyMap<string, EnvValue>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return env.get(name!)?.value ?? match;
  });
}

/** The variables a value refers to with $(VAR). */
export const references = (value: string): string[] => [...value.replace(/\$\$/g, '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]!);

function fieldValue(path: string, workload: KObject): string {
  switch (path) {
    case 'metadata.name':
      return samplePodName(workload.metadata.name);
    case 'metadata.namespace':
      return workload.metadata.namespace ?? 'default';
    case 'status.podIP':
      return SAMPLE_POD_IP;
    default:
      return `field-${path}`;
  }
}

export const problemsOf = (object: KObject, container: Container, messages: readonly string[]): Problem[] =>
  messages.map((message) => ({ object: `${object.kind}/${object.metadata.name}`, message: `container ${container.name}: ${message}` }));
