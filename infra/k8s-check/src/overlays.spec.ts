import { checkObjects, formatProblem, type CheckContext } from './check.js';
import { EXTERNAL_SECRETS } from './checks/references.js';
import { renderOverlay } from './kustomize.js';
import { at, byKind, find, list, podTemplateOf, type KObject } from './manifest.js';
import { COMPONENTS, healthPaths, loadServiceSettings, SERVICES } from './settings.js';

let context: CheckContext;
beforeAll(async () => {
  context = { settings: await loadServiceSettings(), health: healthPaths() };
});

const env = (objects: KObject[], configMap: string, key: string) => at(find(objects, 'ConfigMap', configMap), 'data', key);
const container = (objects: KObject[], kind: string, name: string) => podTemplateOf(find(objects, kind, name)!)!.spec.containers[0]!;

describe.each(['dev', 'prod'] as const)('k8s/overlays/%s', (overlay) => {
  const objects = renderOverlay(overlay);

  it('renders objects that match the Kubernetes schemas and are wired to the services’ configuration', () => {
    expect(checkObjects(objects, context).map(formatProblem)).toEqual([]);
  });

  it('probes every service on the health endpoints nest-kit serves, and the web client’s server on the same paths', () => {
    for (const component of COMPONENTS) expect(context.health[component]).toEqual({ live: '/health/live', ready: '/health/ready' });
    for (const component of COMPONENTS) {
      const c = container(objects, 'Deployment', component);
      expect([c.readinessProbe?.httpGet?.path, c.livenessProbe?.httpGet?.path]).toEqual(['/health/ready', '/health/live']);
    }
  });

  it('serves the web client at the main host, whose server forwards the API to each service', () => {
    const [main] = list(find(objects, 'Ingress', 'parley'), 'spec', 'rules');
    expect(Object.fromEntries(list(main, 'http', 'paths').map((p) => [p['path'], at(p, 'backend', 'service', 'name')]))).toEqual({ '/': 'web', '/docs': 'provisioning' });
    expect(Object.fromEntries(Object.entries(at(find(objects, 'ConfigMap', 'parley-web'), 'data') as Record<string, string>).filter(([k]) => k.startsWith('PARLEY_UPSTREAM_')))).toEqual({
      PARLEY_UPSTREAM_LOOKUP_URL: 'http://lookup:8080',
      PARLEY_UPSTREAM_CHANNEL_URL: 'http://channel:8081',
      PARLEY_UPSTREAM_FILES_URL: 'http://files:8082',
      PARLEY_UPSTREAM_PROVISIONING_URL: 'http://provisioning:8083',
      PARLEY_UPSTREAM_COMPLIANCE_URL: 'http://compliance:8084',
    });
  });

  it('keeps the compliance archive in its own database, with its own login', () => {
    const urls = SERVICES.map((s) => container(objects, 'Deployment', s).env?.find((v) => v.name === `PARLEY_${s.toUpperCase()}_DB`)?.value ?? '');
    const [compliance, others] = [urls.filter((u) => u.includes('/parley_compliance')), urls.filter((u) => !u.includes('/parley_compliance'))];
    expect(compliance).toHaveLength(1);
    expect(compliance[0]).toMatch(/^mssql:\/\/parley_compliance:/);
    for (const url of others) expect(url).toMatch(/^mssql:\/\/parley:\$\(DB_PASSWORD\)@mssql:1433\/parley_(lookup|channel|files|provisioning)\?/);
  });

  it('runs channel servers that drain on rolling updates', () => {
    const channel = find(objects, 'Deployment', 'channel')!;
    expect(at(channel, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable')).toBe(0);
    const grace = podTemplateOf(channel)!.spec.terminationGracePeriodSeconds!;
    expect(grace * 1000).toBeGreaterThan(Number(env(objects, 'parley-channel', 'PARLEY_SHUTDOWN_GRACE_MS')));
    expect(container(objects, 'Deployment', 'channel').env).toEqual(
      expect.arrayContaining([
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'PARLEY_INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'PARLEY_ADVERTISE_URL', value: 'http://$(POD_IP):8081' },
      ]),
    );
  });
});

describe('k8s/overlays/prod', () => {
  const objects = renderOverlay('prod');

  it('runs a 3-node NATS JetStream cluster on persistent volumes, with R3 streams', () => {
    const nats = find(objects, 'StatefulSet', 'nats')!;
    expect(at(nats, 'spec', 'replicas')).toBe(3);
    expect(list(nats, 'spec', 'volumeClaimTemplates').map((c) => at(c, 'metadata', 'name'))).toEqual(['data']);
    expect(env(objects, 'nats-config', 'nats.conf')).toContain('nats://nats-2.nats-headless:6222');
    expect(env(objects, 'parley-common', 'PARLEY_STREAM_REPLICAS')).toBe('3');
  });

  it('autoscales channel pods on CPU, and budgets disruptions of every Deployment', () => {
    const [hpa] = byKind(objects, 'HorizontalPodAutoscaler');
    expect(at(hpa, 'spec', 'scaleTargetRef')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'channel' });
    expect(at(hpa, 'spec', 'metrics', 0, 'resource', 'name')).toBe('cpu');
    expect(byKind(objects, 'PodDisruptionBudget').map((b) => b.metadata.name).sort()).toEqual([...COMPONENTS, 'nats'].sort());
  });

  it('contains no credentials: its Secrets are created outside git', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    expect(Object.keys(EXTERNAL_SECRETS).sort()).toEqual(['parley-admin', 'parley-db', 'parley-nats', 'parley-s3', 'parley-tls']);
  });

  it('runs the images built from the Dockerfile, and SQL Server with full-text search', () => {
    for (const component of COMPONENTS) expect(container(objects, 'Deployment', component).image).toBe(`registry.example.com/parley/parley-${component}:0.1.0`);
    expect(container(objects, 'StatefulSet', 'mssql').image).toBe('registry.example.com/parley/mssql-fts:2022');
  });
});

describe('k8s/overlays/dev', () => {
  const objects = renderOverlay('dev');

  it('runs one of everything, a single NATS node and R1 streams', () => {
    for (const workload of [...byKind(objects, 'Deployment'), ...byKind(objects, 'StatefulSet')]) expect(at(workload, 'spec', 'replicas') ?? 1).toBe(1);
    expect(byKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(env(objects, 'parley-common', 'PARLEY_STREAM_REPLICAS')).toBe('1');
    expect(env(objects, 'nats-config', 'nats.conf')).not.toContain('cluster');
  });

  it('brings the Secrets prod expects from outside, with the same keys (TLS aside: dev is plain HTTP)', () => {
    const secrets = byKind(objects, 'Secret');
    expect(Object.fromEntries(secrets.map((s) => [s.metadata.name, Object.keys(s['stringData'] as object)]))).toEqual(
      Object.fromEntries(Object.entries(EXTERNAL_SECRETS).filter(([name]) => name !== 'parley-tls')),
    );
    expect(list(find(objects, 'Ingress', 'parley'), 'spec', 'tls')).toEqual([]);
  });
});
