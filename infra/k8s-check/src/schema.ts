import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { isObject, ref, type KObject, type Problem } from './manifest.js';

/** The typed models of the kinds k8s/ uses, by `apiVersion kind`. Another kind is a problem until added here. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1 ConfigMap': ConfigMap,
  'v1 Secret': Secret,
  'v1 Service': Service,
  'v1 Namespace': Namespace,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1 Deployment': Deployment,
  'apps/v1 StatefulSet': StatefulSet,
  'batch/v1 Job': Job,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1 Ingress': Ingress,
};

type Path = (string | number)[];

/** The path of every field of an object (not of list elements themselves), apiVersion and kind aside. */
function fieldPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldPaths(item, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, field]) => (path.length === 0 && (key === 'apiVersion' || key === 'kind') ? [] : [[...path, key], ...fieldPaths(field, [...path, key])]));
}

/** Runs `test` on the object with the field at `path` set to `value`, then puts the field back. */
function withValueAt<T>(object: KObject, path: Path, value: unknown, test: () => T): T {
  let parent = object as unknown as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  const original = parent[key];
  parent[key] = value;
  try {
    return test();
  } finally {
    parent[key] = original;
  }
}

const NO_TYPE = Symbol('a value of no JSON type');

/**
 * Validates one object against the Kubernetes OpenAPI schema with its kubernetes-models class:
 * types, required fields, formats. The schemas allow fields they do not define, where the API
 * server (kubectl's strict field validation) refuses them, so each field is also tried with a
 * value of no JSON type: a field the schema knows then fails, an unknown one passes, and is reported.
 */
export function schemaProblems(object: KObject): Problem[] {
  const Model = MODELS[`${object.apiVersion} ${object.kind}`];
  if (!Model) return [{ object: ref(object), message: `no schema for ${object.apiVersion} ${object.kind}: add its kubernetes-models class to infra/k8s-check/src/schema.ts` }];
  const validate = (data: KObject) => new Model(data as never).validate();
  try {
    validate(object);
  } catch (error) {
    return [{ object: ref(object), message: `does not match the ${object.apiVersion} ${object.kind} schema: ${(error as Error).message}` }];
  }
  const problems: Problem[] = [];
  const unknown: Path[] = [];
  for (const path of fieldPaths(object)) {
    // Inside an unknown field, everything is unknown: report the field once.
    if (unknown.some((u) => u.every((step, i) => path[i] === step))) continue;
    const known = withValueAt(object, path, NO_TYPE, () => {
      try {
        validate(object);
        return false;
      } catch {
        return true;
      }
    });
    if (known) continue;
    unknown.push(path);
    problems.push({ object: ref(object), message: `unknown field ${path.join('.')} (the API server refuses it)` });
  }
  return problems;
}
