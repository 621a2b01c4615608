/** The services the gateway forwards to. */
export const UPSTREAMS = ['lookup', 'channel', 'files', 'provisioning', 'compliance'] as const;

export type Upstream = (typeof UPSTREAMS)[number];

/** Where the gateway answers probes itself: the same paths every service serves (nest-kit's HealthController). */
export const HEALTH_PATHS = { live: '/health/live', ready: '/health/ready' } as const;

/**
 * Which service answers a request path, or undefined for the web client's own files. Most of the
 * API is provisioning's; a few paths under /v1/rooms belong to the channel (history) and the
 * files service, so those are matched first.
 */
export function upstreamFor(path: string): Upstream | undefined {
  const p = path.split('?')[0]!;
  if (p === '/v1/ws' || p === '/v1/search') return 'channel';
  if (/^\/v1\/rooms\/[^/]+\/history\/?$/.test(p)) return 'channel';
  if (p.startsWith('/v1/engagement/')) return 'channel';
  if (/^\/v1\/rooms\/[^/]+\/files(\/|$)/.test(p) || p.startsWith('/v1/files/')) return 'files';
  if (p.startsWith('/v1/lookup/')) return 'lookup';
  if (p.startsWith('/v1/compliance/')) return 'compliance';
  if (p.startsWith('/v1/') || p === '/v1' || p.startsWith('/.well-known/')) return 'provisioning';
  return undefined;
}
