import { checkObjects, formatProblem, type CheckContext } from './check.js';
import { renderOverlay, type Overlay } from './kustomize.js';
import { find, list, podTemplateOf, type Container, type KObject } from './manifest.js';
import { healthPaths, loadServiceSettings } from './settings.js';

let context: CheckContext;
beforeAll(async () => {
  context = { settings: await loadServiceSettings(), health: healthPaths() };
});

const rendered = { dev: renderOverlay('dev'), prod: renderOverlay('prod') };

const get = (objects: KObject[], kind: string, name: string): KObject => {
  const object = find(objects, kind, name);
  if (!object) throw new Error(`${kind}/${name} is not rendered`);
  return object;
};
const containerOf = (objects: KObject[], kind: string, name: string): Container => podTemplateOf(get(objects, kind, name))!.spec.containers[0]!;
const setEnv = (c: Container, name: string, value: string) => {
  c.env = [...(c.env ?? []).filter((v) => v.name !== name), { name, value }];
};
const configMap = (objects: KObject[], name: string) => get(objects, 'ConfigMap', name)['data'] as Record<string, string>;

/** Each case breaks one thing in a copy of a rendered overlay; the checks must name it. */
const cases: [string, Overlay, (objects: KObject[]) => void, RegExp][] = [
  ['a field of the wrong type', 'prod', (o) => (get(o, 'Deployment', 'lookup')['spec'] = { ...(get(o, 'Deployment', 'lookup')['spec'] as object), replicas: 'two' }), /Deployment\/lookup: does not match the apps\/v1 Deployment schema: .*replicas must be integer/],
  ['a misspelt field', 'prod', (o) => Object.assign(containerOf(o, 'Deployment', 'files'), { livenessprobe: {} }), /Deployment\/files: unknown field spec\.template\.spec\.containers\.0\.livenessprobe/],
  ['a kind without a schema', 'dev', (o) => o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), /Widget\/w: no schema for example\.com\/v1 Widget/],
  ['a setting the service does not have', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'channel'), 'PARLEY_NATS_SERVERS', 'nats://nats:4222'), /container channel: sets PARLEY_NATS_SERVERS, which is no setting of the channel service/],
  ['a value the service refuses', 'prod', (o) => (configMap(o, 'parley-common')['PARLEY_LOG_LEVEL'] = 'loud'), /the lookup service would refuse its configuration: invalid configuration:\s+PARLEY_LOG_LEVEL: must be one of/],
  ['a channel server without its Node options', 'prod', (o) => (containerOf(o, 'Deployment', 'channel').env = containerOf(o, 'Deployment', 'channel').env!.filter((v) => v.name !== 'NODE_OPTIONS')), /container channel: does not set NODE_OPTIONS to "--max-semi-space-size=64"/],
  ['Node options the launcher does not use', 'dev', (o) => setEnv(containerOf(o, 'Deployment', 'lookup'), 'NODE_OPTIONS', '--max-old-space-size=64'), /container lookup: sets NODE_OPTIONS to "--max-old-space-size=64"; it runs with none/],
  ['a helper variable nothing uses', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'files'), 'UNUSED', 'x'), /container files: sets UNUSED, which the service does not read/],
  ['a readiness probe on a path the service does not serve', 'prod', (o) => (containerOf(o, 'Deployment', 'lookup').readinessProbe!.httpGet!.path = '/healthz'), /readinessProbe asks \/healthz; the service answers it at \/health\/ready/],
  ['no liveness probe', 'dev', (o) => delete containerOf(o, 'Deployment', 'compliance').livenessProbe, /container compliance: has no livenessProbe/],
  ['a container port other than the service’s', 'prod', (o) => (containerOf(o, 'Deployment', 'channel').ports![0]!.containerPort = 8080), /its port "http" is 8080, but the service listens on 8081/],
  ['a Service port to nowhere', 'prod', (o) => (list(get(o, 'Service', 'lookup'), 'spec', 'ports')[0]!['targetPort'] = 'web'), /Service\/lookup: port 8080 \(target web\) is no container port of Deployment\/lookup/],
  ['an address of a Service that does not exist', 'prod', (o) => (configMap(o, 'parley-common')['PARLEY_NATS_URL'] = 'nats://natz:4222'), /PARLEY_NATS_URL points at natz:4222: natz is no Service of the namespace/],
  ['a database on the wrong port', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'lookup'), 'PARLEY_LOOKUP_DB', 'mssql://parley:$(DB_PASSWORD)@mssql:1434/parley_lookup'), /PARLEY_LOOKUP_DB points at mssql:1434: Service mssql has no port 1434/],
  ['a channel server advertising the Service instead of its pod', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'channel'), 'PARLEY_ADVERTISE_URL', 'http://channel:8081'), /PARLEY_ADVERTISE_URL must be this pod's own address/],
  ['an instance id that is not the pod name', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'channel'), 'PARLEY_INSTANCE_ID', 'channel'), /PARLEY_INSTANCE_ID must be the pod name/],
  ['a grace period shorter than the drain', 'prod', (o) => (podTemplateOf(get(o, 'Deployment', 'channel'))!.spec.terminationGracePeriodSeconds = 30), /terminationGracePeriodSeconds \(30\) must exceed the preStop wait and PARLEY_SHUTDOWN_GRACE_MS \(50 s\)/],
  ['a rolling update that lowers capacity', 'prod', (o) => ((get(o, 'Deployment', 'channel')['spec'] as { strategy: unknown }).strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }), /Deployment\/channel: needs a RollingUpdate with maxUnavailable: 0/],
  ['replicas the autoscaler owns', 'prod', (o) => ((get(o, 'Deployment', 'channel')['spec'] as { replicas?: number }).replicas = 2), /Deployment\/channel: sets replicas, which its HorizontalPodAutoscaler owns/],
  ['a writable root file system', 'dev', (o) => (containerOf(o, 'Deployment', 'files').securityContext!.readOnlyRootFilesystem = false), /container files: needs readOnlyRootFilesystem: true/],
  ['no volume at PARLEY_DATA_DIR', 'prod', (o) => (configMap(o, 'parley-common')['PARLEY_DATA_DIR'] = '/var/parley'), /\/var\/parley must be a writable volume/],
  ['a container without resources', 'prod', (o) => delete containerOf(o, 'StatefulSet', 'minio').resources, /StatefulSet\/minio: container minio: needs resources/],
  ['a Deployment without a PodDisruptionBudget', 'prod', (o) => o.splice(o.indexOf(get(o, 'PodDisruptionBudget', 'files')), 1), /Deployment\/files: has no PodDisruptionBudget/],
  ['a missing Secret key', 'dev', (o) => (containerOf(o, 'Deployment', 'files').env!.find((v) => v.name === 'PARLEY_S3_SECRET_KEY')!.valueFrom!.secretKeyRef!.key = 'secret'), /names key secret of Secret parley-s3, which it does not have/],
  ['a Secret nobody provides', 'prod', (o) => (containerOf(o, 'Deployment', 'lookup').env!.find((v) => v.name === 'DB_PASSWORD')!.valueFrom!.secretKeyRef!.name = 'db'), /names Secret db, which neither the overlay nor docs\/operations.md provides/],
  ['streams replicated more than NATS has nodes', 'dev', (o) => (configMap(o, 'parley-common')['PARLEY_STREAM_REPLICAS'] = '3'), /PARLEY_STREAM_REPLICAS=3, but NATS has 1 node\(s\)/],
  ['services that disagree on a shared setting', 'prod', (o) => (configMap(o, 'parley-lookup')['PARLEY_INSTANCE_DEAD_AFTER_MS'] = '9000'), /PARLEY_INSTANCE_DEAD_AFTER_MS differs between services: lookup=9000, channel=6000/],
  ['more NATS nodes than cluster routes', 'prod', (o) => ((get(o, 'StatefulSet', 'nats')['spec'] as { replicas: number }).replicas = 5), /cluster routes .* must be one per replica: .*nats-4\.nats-headless:6222/],
  ['a public address no Ingress serves', 'prod', (o) => (configMap(o, 'parley-provisioning')['PARLEY_PUBLIC_FILES_URL'] = 'https://uploads.example.com'), /tells clients files is at https:\/\/uploads\.example\.com, but no Ingress rule for uploads\.example\.com leads to Service files/],
  ['a missing NetworkPolicy rule', 'prod', (o) => o.splice(o.indexOf(get(o, 'NetworkPolicy', 'files-to-minio')), 1), /blocks Deployment\/files from reaching StatefulSet\/minio port 9000 \(PARLEY_S3_ENDPOINT: minio:9000\)/],
  ['a NetworkPolicy that lets everyone in', 'prod', (o) => ((get(o, 'NetworkPolicy', 'mssql')['spec'] as { ingress: unknown[] }).ingress = [{}]), /lets Deployment\/channel reach StatefulSet\/mssql port 1433|lets pods of any namespace reach StatefulSet\/mssql port 1433/],
  ['a setting the web client’s server does not have', 'prod', (o) => setEnv(containerOf(o, 'Deployment', 'web'), 'PARLEY_NATS_URL', 'nats://nats:4222'), /container web: sets PARLEY_NATS_URL, which is no setting of the web service/],
  ['a web client’s server on another port than its container’s', 'dev', (o) => (configMap(o, 'parley-web')['PARLEY_HTTP_PORT'] = '8080'), /container web: its port "http" is 8088, but the service listens on 8080/],
  ['a web client’s server probed on a path it does not serve', 'prod', (o) => (containerOf(o, 'Deployment', 'web').livenessProbe!.httpGet!.path = '/healthz'), /container web: livenessProbe asks \/healthz; the service answers it at \/health\/live/],
  ['API calls forwarded to the wrong service', 'prod', (o) => (configMap(o, 'parley-web')['PARLEY_UPSTREAM_FILES_URL'] = 'http://lookup:8080'), /Deployment\/web: container web: PARLEY_UPSTREAM_FILES_URL is http:\/\/lookup:8080, which leads to Deployment\/lookup, not to the files service/],
  ['live sessions sent to something else than channel servers', 'dev', (o) => (configMap(o, 'parley-web')['PARLEY_LIVE_CHANNEL_URLS'] = 'http://channel:8081,http://provisioning:8083'), /PARLEY_LIVE_CHANNEL_URLS is http:\/\/provisioning:8083, which leads to Deployment\/provisioning, not to the channel service/],
  ['a service address the web client’s server refuses', 'prod', (o) => (configMap(o, 'parley-web')['PARLEY_UPSTREAM_LOOKUP_URL'] = 'https://lookup:8080'), /the web service would refuse its configuration: invalid configuration:\s+PARLEY_UPSTREAM_LOOKUP_URL: must be http:\/\/host:port/],
  ['no Ingress to the web client', 'prod', (o) => (list(get(o, 'Ingress', 'parley'), 'spec', 'rules')[0]!['http'] = { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'provisioning', port: { name: 'http' } } } }] }), /Ingress: no Ingress rule leads to Service web/],
  ['services that refuse the web client’s server', 'prod', (o) => list(get(o, 'NetworkPolicy', 'parley-services'), 'spec', 'ingress')[0]!['from'] = (list(get(o, 'NetworkPolicy', 'parley-services'), 'spec', 'ingress')[0]!['from'] as object[]).slice(0, 2), /blocks Deployment\/web from reaching Deployment\/files port 8082 \(PARLEY_UPSTREAM_FILES_URL: files:8082\)/],
  ['a web client’s server open to every namespace', 'prod', (o) => (list(get(o, 'NetworkPolicy', 'web'), 'spec', 'ingress')[0]!['from'] = [{ namespaceSelector: {} }]), /lets pods of any namespace reach Deployment\/web port 8088/],
  ['services open to every namespace', 'dev', (o) => (list(get(o, 'NetworkPolicy', 'parley-services'), 'spec', 'ingress')[0]!['from'] = [{ namespaceSelector: {} }]), /lets pods of any namespace reach Deployment\/lookup port 8080/],
];

describe('the checks find a broken manifest', () => {
  it.each(cases)('%s', (_name, overlay, breakIt, expected) => {
    const objects = structuredClone(rendered[overlay]);
    breakIt(objects);
    const problems = checkObjects(objects, context).map(formatProblem);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
