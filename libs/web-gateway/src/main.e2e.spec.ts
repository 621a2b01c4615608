import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { spawnService, tempDir } from '@parley/testing';

// The process the parley-web image runs (Dockerfile, SERVICE=web), as Kubernetes runs it.
const entry = join(__dirname, '..', 'dist', 'main.js');

describe('the web client’s server process (libs/web-gateway/dist/main.js)', () => {
  const dist = tempDir('parley-web-dist-');
  let provisioning: Server;
  let provisioningUrl: string;

  beforeAll(async () => {
    writeFileSync(join(dist.path, 'index.html'), '<!doctype html><title>Parley</title>');
    provisioning = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })));
    await new Promise<void>((resolve) => provisioning.listen(0, '127.0.0.1', resolve));
    provisioningUrl = `http://127.0.0.1:${(provisioning.address() as { port: number }).port}`;
  });

  afterAll(() => {
    provisioning.close();
    dist.remove();
  });

  it('boots ready, serves the web client and the API, and stops cleanly on SIGTERM', async () => {
    const running = await spawnService(entry, { PARLEY_WEB_DIST_DIR: dist.path, PARLEY_UPSTREAM_PROVISIONING_URL: provisioningUrl });
    try {
      const ready = await fetch(`${running.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', checks: { client: 'up' } }]);
      expect(await (await fetch(`${running.url}/rooms/r1`)).text()).toBe('<!doctype html><title>Parley</title>');
      expect(await (await fetch(`${running.url}/v1/endpoints`)).json()).toEqual({ path: '/v1/endpoints' });
    } finally {
      expect(await running.stop()).toBe(0);
    }
    expect(running.output()).toContain('"msg":"parley-web stopped"');
  });

  it('exits with status 2 and names every bad setting', async () => {
    await expect(spawnService(entry, { PARLEY_WEB_DIST_DIR: dist.path, PARLEY_HTTP_PORT: 'x', PARLEY_UPSTREAM_CHANNEL_URL: 'ws://channel:8081' })).rejects.toThrow(
      /exited \(code 2\)[\s\S]*PARLEY_HTTP_PORT: [\s\S]*PARLEY_UPSTREAM_CHANNEL_URL: must be http:\/\/host:port/,
    );
  });
});
