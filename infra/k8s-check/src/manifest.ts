/** A Kubernetes object as rendered from YAML: only the fields every object has are typed. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** A problem found in a rendered overlay, named by the object it is about. */
export interface Problem {
  /** `Kind/name` of the object. */
  object: string;
  message: string;
}

export const ref = (o: KObject): string => `${o.kind}/${o.metadata.name}`;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested field, e.g. `at(o, 'spec', 'template', 'spec')`; undefined where a step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(current) : !isObject(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A list field, or an empty list where it is missing. */
export function list<T = Record<string, unknown>>(value: unknown, ...path: (string | number)[]): T[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? (found as T[]) : [];
}

// The subset of the pod API the checks read.
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}
export interface Volume {
  name: string;
  configMap?: { name: string };
  secret?: { secretName: string };
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: unknown;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export const isWorkload = (o: KObject): boolean => WORKLOADS.has(o.kind) || o.kind === 'CronJob';

/** The pod template of a workload (Deployment, StatefulSet, Job, CronJob...), if it is one. */
export function podTemplateOf(o: KObject): PodTemplate | undefined {
  if (WORKLOADS.has(o.kind)) return at(o, 'spec', 'template') as PodTemplate | undefined;
  if (o.kind === 'CronJob') return at(o, 'spec', 'jobTemplate', 'spec', 'template') as PodTemplate | undefined;
  return undefined;
}

/** Every container of a pod spec, init containers included. */
export const containersOf = (spec: PodSpec): Container[] => [...(spec.initContainers ?? []), ...spec.containers];

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Whether labels match a label selector; an empty selector matches everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    const ok =
      operator === 'In' ? has && values.includes(labels[key]!)
      : operator === 'NotIn' ? !has || !values.includes(labels[key]!)
      : operator === 'Exists' ? has
      : !has;
    if (!ok) return false;
  }
  return true;
}

/** A Service's selector (plain labels) as a label selector; a Service without one selects nothing. */
export const serviceSelector = (service: KObject): LabelSelector | undefined => {
  const labels = at(service, 'spec', 'selector') as Record<string, string> | undefined;
  return labels ? { matchLabels: labels } : undefined;
};

export const byKind = (objects: readonly KObject[], kind: string): KObject[] => objects.filter((o) => o.kind === kind);

export const find = (objects: readonly KObject[], kind: string, name: string): KObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
