import { hostname } from 'node:os';
import { parse, setting } from './settings.js';

/** Settings every Parley service reads. */
export const commonSettings = {
  natsServers: setting('PARLEY_NATS_URL', parse.natsServers(), 'NATS servers to connect to (comma-separated)', {
    default: 'nats://127.0.0.1:4222',
  }),
  natsUser: setting('PARLEY_NATS_USER', parse.optionalString(), 'NATS user name, if the server requires one', { default: '' }),
  natsPassword: setting('PARLEY_NATS_PASSWORD', parse.optionalString(), 'NATS password', { default: '', secret: true }),
  namespace: setting('PARLEY_NAMESPACE', parse.namespace(), 'prefix of every NATS subject and stream, to share one NATS system', {
    default: '',
  }),
  streamReplicas: setting('PARLEY_STREAM_REPLICAS', parse.int(1, 5), 'JetStream replicas of the event log streams (1 single server, 3 cluster)', {
    default: '1',
  }),
  dataDir: setting('PARLEY_DATA_DIR', parse.string(1_024), 'where a service keeps local files (SQLite databases, generated secrets) when not told otherwise', {
    default: '.parley',
  }),
  httpHost: setting('PARLEY_HTTP_HOST', parse.string(255), 'interface the HTTP server listens on', { default: '0.0.0.0' }),
  trustProxy: setting('PARLEY_TRUST_PROXY', parse.bool(), 'take client addresses from X-Forwarded-For (set it behind a load balancer or ingress)', {
    default: 'false',
  }),
  instanceId: setting(
    'PARLEY_INSTANCE_ID',
    parse.optionalString(128).transform((id) => id ?? `${hostname()}-${process.pid}`),
    'this instance’s name in logs, traces and the registry',
    { default: '', defaultDoc: 'host name and process id' },
  ),
  logLevel: setting('PARLEY_LOG_LEVEL', parse.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'log level', {
    default: 'info',
  }),
  telemetry: setting('PARLEY_TELEMETRY', parse.bool(), 'turn on OpenTelemetry traces and Prometheus metrics (/metrics)', {
    default: 'false',
  }),
  otlpEndpoint: setting('PARLEY_OTLP_ENDPOINT', parse.optionalString(), 'OTLP/HTTP endpoint for traces (e.g. http://otel-collector:4318); none: traces are not exported', {
    default: '',
  }),
  shutdownGraceMs: setting('PARLEY_SHUTDOWN_GRACE_MS', parse.int(0, 600_000), 'how long a stopping service may take to finish its work', {
    default: '10000',
  }),
};

export type CommonSettings = typeof commonSettings;

/** The default HTTP port of each service, so the single-server topology needs no configuration. */
export const DEFAULT_PORTS = {
  lookup: 8080,
  channel: 8081,
  files: 8082,
  provisioning: 8083,
  compliance: 8084,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

/** The HTTP port setting of one service. */
export function httpPortSetting(service: ServiceName) {
  return setting('PARLEY_HTTP_PORT', parse.port(), `HTTP port of the ${service} service`, { default: String(DEFAULT_PORTS[service]) });
}
