import { DELETED, strategicMerge } from './strategic-merge.js';

const deployment = () => ({
  kind: 'Deployment',
  metadata: { name: 'web', labels: { a: '1', b: '2' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
          { name: 'sidecar', image: 'side:1' },
        ],
        tolerations: [{ key: 'x' }],
      },
    },
  },
});

describe('strategic merge patch', () => {
  it('merges maps field by field and removes fields set to null', () => {
    const merged = strategicMerge(deployment(), { metadata: { labels: { b: null, c: '3' } }, spec: { replicas: 1 } });
    expect(merged).not.toBe(DELETED);
    expect(merged).toMatchObject({ metadata: { name: 'web', labels: { a: '1', c: '3' } }, spec: { replicas: 1 } });
    expect((merged as ReturnType<typeof deployment>).metadata.labels).not.toHaveProperty('b');
  });

  it('merges containers and env by name: the patch’s elements first, in its order, then the others (as kustomize does)', () => {
    const merged = strategicMerge(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } },
    }) as ReturnType<typeof deployment>;
    const [app, sidecar] = merged.spec.template.spec.containers;
    expect(app).toEqual({ name: 'app', image: 'app:1', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }, { name: 'A', value: '1' }], ports: [{ containerPort: 80, name: 'http' }] });
    expect(sidecar).toEqual({ name: 'sidecar', image: 'side:1' });
  });

  it('replaces lists without a merge key, and deletes list elements and whole objects with $patch: delete', () => {
    const merged = strategicMerge(deployment(), {
      spec: { template: { spec: { tolerations: [{ key: 'y' }], containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    }) as ReturnType<typeof deployment>;
    expect(merged.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
    expect(merged.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(strategicMerge(deployment(), { kind: 'Deployment', metadata: { name: 'web' }, $patch: 'delete' })).toBe(DELETED);
  });

  it('refuses directives it does not implement rather than ignoring them', () => {
    expect(() => strategicMerge(deployment(), { spec: { $retainKeys: ['replicas'] } })).toThrow('unsupported patch directive "$retainKeys"');
    expect(() => strategicMerge(deployment(), { spec: { $patch: 'replace' } })).toThrow('only delete is supported');
  });
});
