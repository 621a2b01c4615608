import { normalize } from 'node:path';
import { imageName, inOutputOrder, render, type Files } from './kustomize.js';
import { at } from './manifest.js';

/** Files in memory: path → text; a directory is any prefix of a path. */
function memory(files: Record<string, string>): Files {
  return {
    read: (path) => {
      const text = files[normalize(path)];
      if (text === undefined) throw new Error(`ENOENT ${path}`);
      return text;
    },
    isDirectory: (path) => Object.keys(files).some((f) => f.startsWith(`${normalize(path)}/`)),
  };
}

const base = {
  '/k/base/kustomization.yaml': 'resources: [app.yaml]\n',
  '/k/base/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          image: registry:5000/team/app:1.0
          env: [{name: A, value: "1"}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app}
spec: {}
---
apiVersion: v1
kind: Namespace
metadata: {name: one}
`,
};

describe('the kustomize renderer', () => {
  it('renders a base through an overlay: patches, namespace, replicas and images, in kustomize’s order', () => {
    const objects = render(
      '/k/overlay',
      memory({
        ...base,
        '/k/base/app.yaml': base['/k/base/app.yaml'].replace('metadata: {name: one}', 'metadata: {name: two}'),
        '/k/overlay/kustomization.yaml': `resources: [../base]
namespace: two
replicas: [{name: app, count: 1}]
images: [{name: registry:5000/team/app, newName: example.com/app, newTag: "2.0"}]
patches: [{path: patch.yaml}]
`,
        '/k/overlay/patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  template:
    spec:
      containers: [{name: app, env: [{name: B, value: "2"}]}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app}
$patch: delete
`,
      }),
    );
    expect(inOutputOrder(objects).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/two', 'Deployment/app']);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.metadata.namespace).toBe('two');
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.namespace).toBeUndefined();
    expect(at(deployment, 'spec', 'replicas')).toBe(1);
    expect(at(deployment, 'spec', 'template', 'spec', 'containers', 0)).toEqual({
      name: 'app',
      image: 'example.com/app:2.0',
      env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }],
    });
  });

  it('refuses what it does not implement, patches that match nothing and duplicate objects', () => {
    const overlay = (kustomization: string, extra: Record<string, string> = {}) => () => render('/k/overlay', memory({ ...base, '/k/overlay/kustomization.yaml': kustomization, ...extra }));
    expect(overlay('resources: [../base]\nconfigMapGenerator: []\n')).toThrow('"configMapGenerator" is not supported');
    expect(overlay('resources: [../base]\npatches: [{path: p.yaml, target: {kind: Deployment}}]\n')).toThrow('only patches given by path');
    expect(overlay('resources: [../base]\npatches: [{path: p.yaml}]\n', { '/k/overlay/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ghost}\n' })).toThrow(
      'matches 0 objects',
    );
    expect(overlay('resources: [../base, ../base/app.yaml]\n')).toThrow('defined twice');
    expect(overlay('resources: [../base]\nnamespace: three\n')).toThrow('Namespace one differs from namespace: three');
  });

  it('names images without their tag or digest, as kustomize matches them', () => {
    expect(imageName('registry:5000/team/app:1.0')).toBe('registry:5000/team/app');
    expect(imageName('nats@sha256:abc')).toBe('nats');
    expect(imageName('mcr.microsoft.com/mssql/server:2022-latest')).toBe('mcr.microsoft.com/mssql/server');
  });
});
