import { isObject } from './manifest.js';

/**
 * The part of Kubernetes' strategic merge patch the overlays use, as kustomize applies it: maps
 * merge field by field, `null` removes a field, lists of known kinds merge element by element on
 * their merge key (containers and env by name, volume mounts by mountPath...), other lists are
 * replaced whole, and `$patch: delete` removes an element (or, at the top, the whole object).
 * Anything else beginning with `$` is refused rather than half-understood.
 */

/** What a patch that deletes its target returns. */
export const DELETED = Symbol('deleted');

type Json = unknown;

/** The merge key of a list field, by the field's name (the Kubernetes API's patchMergeKey). */
function mergeKeyOf(field: string, items: readonly Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      // A container's ports merge on containerPort, a Service's on port.
      return items.some((item) => isObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

function directive(patch: Record<string, Json>, where: string): 'delete' | undefined {
  for (const key of Object.keys(patch)) {
    if (key.startsWith('$') && key !== '$patch') throw new Error(`${where}: unsupported patch directive "${key}"`);
  }
  const value = patch['$patch'];
  if (value === undefined) return undefined;
  if (value === 'delete') return 'delete';
  throw new Error(`${where}: unsupported "$patch: ${String(value)}" (only delete is supported)`);
}

function mergeList(field: string, base: readonly Json[], patch: readonly Json[], where: string): Json[] {
  const key = mergeKeyOf(field, [...base, ...patch]);
  if (!key) {
    for (const item of patch) if (isObject(item) && '$patch' in item) throw new Error(`${where}: "$patch" in a list without a merge key`);
    return [...patch];
  }
  // As kustomize orders them: the patch's elements first (merged into the base's of the same key),
  // in the patch's order, then the base's other elements in theirs.
  const patched: Json[] = [];
  const named = new Set<Json>();
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) throw new Error(`${where}: every element of "${field}" needs its merge key "${key}"`);
    named.add(item[key]);
    const existing = base.find((b) => isObject(b) && b[key] === item[key]);
    if (directive(item, where) === 'delete') continue;
    patched.push(existing ? mergeMap(existing as Record<string, Json>, item, `${where}.${field}[${String(item[key])}]`) : item);
  }
  return [...patched, ...base.filter((b) => !(isObject(b) && named.has(b[key]!)))];
}

function mergeMap(base: Record<string, Json>, patch: Record<string, Json>, where: string): Record<string, Json> {
  const result: Record<string, Json> = { ...base };
  for (const [field, value] of Object.entries(patch)) {
    if (field === '$patch') continue;
    if (value === null) delete result[field];
    else if (isObject(value) && isObject(result[field])) {
      if (directive(value, `${where}.${field}`) === 'delete') delete result[field];
      else result[field] = mergeMap(result[field] as Record<string, Json>, value, `${where}.${field}`);
    } else if (Array.isArray(value) && Array.isArray(result[field])) result[field] = mergeList(field, result[field] as Json[], value, `${where}.${field}`);
    else result[field] = value;
  }
  return result;
}

/** Applies a strategic merge patch to an object; DELETED when the patch deletes the object. */
export function strategicMerge<T extends Record<string, Json>>(base: T, patch: Record<string, Json>, where = 'patch'): T | typeof DELETED {
  if (directive(patch, where) === 'delete') return DELETED;
  return mergeMap(base, patch, where) as T;
}
