import { upstreamFor } from './routes.js';

describe('upstreamFor: which service answers a path behind the web gateway', () => {
  it.each([
    ['/v1/ws', 'channel'],
    ['/v1/search?q=x', 'channel'],
    ['/v1/rooms/r1/history?before=10', 'channel'],
    ['/v1/rooms/r1/history/clear', 'provisioning'],
    ['/v1/engagement/unread', 'channel'],
    ['/v1/rooms/r1/files', 'files'],
    ['/v1/files/f1', 'files'],
    ['/v1/files/f1/info', 'files'],
    ['/v1/lookup/rooms?q=lobby', 'lookup'],
    ['/v1/compliance/status', 'compliance'],
    ['/v1/rooms/r1', 'provisioning'],
    ['/v1/auth/login', 'provisioning'],
    ['/.well-known/jwks.json', 'provisioning'],
  ])('%s → %s', (path, service) => {
    expect(upstreamFor(path)).toBe(service);
  });

  it('leaves the web client’s own paths to it', () => {
    for (const path of ['/', '/index.html', '/assets/index-abc.js', '/v1x', '/rooms/r1']) expect(upstreamFor(path)).toBeUndefined();
  });
});
