import { commonSettings, DEFAULT_PORTS, parse, setting, type ConfigOf } from '@parley/config';
import { z } from 'zod';
import { UPSTREAMS, type Upstream } from './routes.js';

/** The web client's port when nothing says otherwise: 8088, where `npm start` serves it too. */
export const WEB_DEFAULT_PORT = 8088;

const ORIGIN = 'must be http://host:port, without a path (the gateway speaks plain HTTP to the service)';

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** One service's address, as the gateway reaches it. */
const origin = () => z.string().refine(isOrigin, ORIGIN);

/** A comma-separated list of service addresses, or empty for none. */
const origins = () =>
  z
    .string()
    .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isOrigin, `each ${ORIGIN} (comma-separated)`)));

const upstream = (service: Upstream) =>
  setting(`PARLEY_UPSTREAM_${service.toUpperCase()}_URL`, origin(), `where the ${service} service answers the requests the web client’s server forwards to it`, {
    default: `http://127.0.0.1:${DEFAULT_PORTS[service]}`,
  });

/**
 * The settings of the web client's server (docs/configuration.md). It is no NATS service: of the
 * settings every service reads it takes only these, and the address of each service it forwards to.
 */
export const webSettings = {
  httpHost: commonSettings.httpHost,
  httpPort: setting('PARLEY_HTTP_PORT', parse.port(), 'HTTP port of the web client’s server', { default: String(WEB_DEFAULT_PORT) }),
  distDir: setting('PARLEY_WEB_DIST_DIR', parse.optionalString(1_024), 'the built web client to serve (index.html and assets/, from `npm run build -w @parley/web`)', {
    default: '',
    defaultDoc: 'apps/web/dist of the installation',
  }),
  lookupUrl: upstream('lookup'),
  channelUrl: upstream('channel'),
  filesUrl: upstream('files'),
  provisioningUrl: upstream('provisioning'),
  complianceUrl: upstream('compliance'),
  liveChannelUrls: setting(
    'PARLEY_LIVE_CHANNEL_URLS',
    origins(),
    'channel servers that live sessions (WebSocket /v1/ws) go to in turn when lookup does not choose one, passing over one that does not answer (comma-separated); empty: PARLEY_UPSTREAM_CHANNEL_URL',
    { default: '' },
  ),
  trustProxy: commonSettings.trustProxy,
  instanceId: commonSettings.instanceId,
  logLevel: commonSettings.logLevel,
  shutdownGraceMs: commonSettings.shutdownGraceMs,
};

export type WebSettings = typeof webSettings;
export type WebConfig = ConfigOf<WebSettings>;

/** Which setting holds each service's address. */
export const UPSTREAM_SETTINGS = {
  lookup: 'lookupUrl',
  channel: 'channelUrl',
  files: 'filesUrl',
  provisioning: 'provisioningUrl',
  compliance: 'complianceUrl',
} as const satisfies Record<Upstream, keyof WebSettings>;

/** The address of each service, from a loaded configuration. */
export function upstreamsOf(config: WebConfig): Record<Upstream, string> {
  return Object.fromEntries(UPSTREAMS.map((service) => [service, config[UPSTREAM_SETTINGS[service]]])) as Record<Upstream, string>;
}
