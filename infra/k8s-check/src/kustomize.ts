import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { at, isObject, podTemplateOf, type KObject } from './manifest.js';
import { K8S_DIR } from './repository.js';
import { DELETED, strategicMerge } from './strategic-merge.js';

/**
 * A small kustomize: the features k8s/ uses, applied in kustomize's order (patches, namespace,
 * replicas, images), so that `render('k8s/overlays/prod')` gives the objects `kubectl kustomize`
 * gives. Any kustomization field it does not implement is an error, never ignored: k8s/ cannot
 * start using one without this renderer (and its tests) learning it first.
 */

/** Where kustomizations and their files are read from: the disk, or memory in tests. */
export interface Files {
  read(path: string): string;
  isDirectory(path: string): boolean;
}

export const diskFiles: Files = {
  read: (path) => readFileSync(path, 'utf8'),
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: ImageEntry[];
  replicas?: { name: string; count: number }[];
  patches?: { path: string }[];
}

const FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'replicas', 'patches']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Kinds that belong to no namespace: the namespace transformer leaves them alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass',
  'IngressClass', 'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
]);

/** Every YAML document of a file, as objects; empty documents are skipped. */
export function parseObjects(text: string, file: string): KObject[] {
  const objects: KObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) throw new Error(`${file}: ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value['kind'] !== 'string' || typeof value['apiVersion'] !== 'string' || typeof at(value, 'metadata', 'name') !== 'string') {
      throw new Error(`${file}: every document needs apiVersion, kind and metadata.name`);
    }
    objects.push(value as KObject);
  }
  return objects;
}

function readKustomization(dir: string, files: Files): Kustomization {
  const file = KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((path) => {
    try {
      files.read(path);
      return true;
    } catch {
      return false;
    }
  });
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [document] = parseAllDocuments(files.read(file));
  const value: unknown = document?.toJS();
  if (!isObject(value)) throw new Error(`${file}: not a kustomization`);
  if (value['kind'] !== undefined && value['kind'] !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);
  for (const field of Object.keys(value)) {
    if (!FIELDS.has(field)) throw new Error(`${file}: "${field}" is not supported by infra/k8s-check's renderer (supported: ${[...FIELDS].join(', ')})`);
  }
  for (const patch of (value['patches'] as unknown[] | undefined) ?? []) {
    if (!isObject(patch) || typeof patch['path'] !== 'string' || Object.keys(patch).length !== 1) {
      throw new Error(`${file}: only patches given by path (strategic merge, target named in the patch) are supported`);
    }
  }
  return value as Kustomization;
}

/** The name of an image without its tag or digest: `registry:5000/a/b:1.0` → `registry:5000/a/b`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

function retag(image: string, entry: ImageEntry): string {
  const name = imageName(image);
  const rest = image.slice(name.length);
  let suffix = rest;
  if (entry.newTag !== undefined) suffix = `:${entry.newTag}`;
  if (entry.digest !== undefined) suffix = `@${entry.digest}`;
  return `${entry.newName ?? name}${suffix}`;
}

function applyImages(objects: KObject[], images: readonly ImageEntry[]): void {
  for (const object of objects) {
    const spec = podTemplateOf(object)?.spec;
    if (!spec) continue;
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const entry = images.find((e) => e.name === imageName(container.image));
      if (entry) container.image = retag(container.image, entry);
    }
  }
}

function applyPatch(objects: KObject[], patch: KObject, file: string): KObject[] {
  const matches = objects.filter(
    (o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name && (patch.metadata.namespace === undefined || o.metadata.namespace === patch.metadata.namespace),
  );
  if (matches.length !== 1) throw new Error(`${file}: the patch of ${patch.kind}/${patch.metadata.name} matches ${matches.length} objects, not one`);
  const target = matches[0]!;
  const merged = strategicMerge(target, patch as unknown as Record<string, unknown>, `${file} ${patch.kind}/${patch.metadata.name}`);
  return merged === DELETED ? objects.filter((o) => o !== target) : objects.map((o) => (o === target ? merged : o));
}

/** Renders the kustomization in `dir` (and, recursively, its bases) into objects. */
export function render(dir: string, files: Files = diskFiles): KObject[] {
  const kustomization = readKustomization(dir, files);
  let objects: KObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = normalize(join(dir, resource));
    objects.push(...(files.isDirectory(path) ? render(path, files) : parseObjects(files.read(path), path)));
  }
  for (const { path } of kustomization.patches ?? []) {
    const file = normalize(join(dir, path));
    for (const patch of parseObjects(files.read(file), file)) objects = applyPatch(objects, patch, file);
  }
  const namespace = kustomization.namespace;
  if (namespace !== undefined) {
    for (const object of objects) {
      if (object.kind === 'Namespace') {
        // kustomize versions differ on whether they rename Namespace objects: avoid the question.
        if (object.metadata.name !== namespace) throw new Error(`${dir}: Namespace ${object.metadata.name} differs from namespace: ${namespace}`);
      } else if (!CLUSTER_SCOPED.has(object.kind)) object.metadata = { ...object.metadata, namespace };
    }
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const targets = objects.filter((o) => o.metadata.name === name && ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind));
    if (targets.length === 0) throw new Error(`${dir}: replicas names ${name}, which is no Deployment or StatefulSet`);
    for (const target of targets) target['spec'] = { ...(target['spec'] as object), replicas: count };
  }
  if (kustomization.images) applyImages(objects, kustomization.images);
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (seen.has(id)) throw new Error(`${dir}: ${object.kind}/${object.metadata.name} is defined twice`);
    seen.add(id);
  }
  return objects;
}

// kustomize's default ("legacy") output order: these kinds first, in this order, webhooks last.
const FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const rank = (kind: string) => (FIRST.includes(kind) ? FIRST.indexOf(kind) : LAST.includes(kind) ? FIRST.length + 1 + LAST.indexOf(kind) : FIRST.length);

/** The objects in the order `kubectl kustomize` prints them. */
export function inOutputOrder(objects: readonly KObject[]): KObject[] {
  const key = (o: KObject) => `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
  return [...objects].sort((a, b) => rank(a.kind) - rank(b.kind) || key(a).localeCompare(key(b)));
}

export const OVERLAYS = ['dev', 'prod'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const renderOverlay = (overlay: Overlay, files: Files = diskFiles): KObject[] => render(join(K8S_DIR, 'overlays', overlay), files);
