import { SupervisedProcess } from '@parley/supervisor';
import { startNats, type TestNats } from './nats.js';
import { randomName, tempDir } from './temp.js';
import { until } from './wait.js';

export interface SpawnedService {
  url: string;
  /** Everything the service wrote so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies on the spot, as in a crash. */
  crash(): Promise<void>;
}

/**
 * Runs a built service (`apps/<name>/dist/main.js`) as its own process on a free port and waits
 * until it is ready, the way the launcher and Kubernetes run it.
 */
export async function spawnService(entry: string, env: Record<string, string>, timeoutMs = 30_000): Promise<SpawnedService> {
  let output = '';
  const data = tempDir('parley-service-');
  const child = SupervisedProcess.spawn(process.execPath, [entry], {
    env: { ...process.env, PARLEY_HTTP_PORT: '0', PARLEY_HTTP_HOST: '127.0.0.1', PARLEY_DATA_DIR: data.path, ...env },
    onLine: (line) => (output += `${line}\n`),
  });
  const ready = await child.waitForLine(/"msg":"parley-[a-z]+ ready"/, timeoutMs, entry).catch(async (error: unknown) => {
    await child.stop();
    data.remove();
    throw error;
  });
  const url = (JSON.parse(ready.input!) as { url: string }).url;
  return {
    url,
    output: () => output,
    stop: async () => {
      const { code } = await child.stop();
      data.remove();
      return code;
    },
    crash: async () => {
      await child.crash();
      data.remove();
    },
  };
}

/**
 * The boot contract every service process keeps, as a Jest suite: it starts with NATS and
 * JetStream up and says ready, stops cleanly on SIGTERM, and exits 2 naming every bad setting.
 */
export function describeServiceBoot(service: string, entry: string): void {
  describe(`the ${service} service process`, () => {
    let nats: TestNats;
    beforeAll(async () => (nats = await startNats()));
    afterAll(() => nats.stop());

    it('boots, reports ready with NATS and JetStream up, and stops cleanly on SIGTERM', async () => {
      const running = await spawnService(entry, { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('e') });
      const ready = await fetch(`${running.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { nats: 'up', jetstream: 'up' } });
      expect(await running.stop()).toBe(0);
      expect(running.output()).toContain(`"msg":"parley-${service} stopped"`);
    });

    it('serves Prometheus metrics, with the lag of each projection it runs', async () => {
      const running = await spawnService(entry, { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('e'), PARLEY_TELEMETRY: 'true' });
      try {
        // Ready does not wait for the projectors (compliance first catches up in bulk): their
        // gauges appear once they run.
        let text = '';
        await until(async () => {
          const response = await fetch(`${running.url}/metrics`);
          expect(response.status).toBe(200);
          text = await response.text();
          return /^parley_projection_lag_seconds\{/m.test(text);
        }, 15_000, 'projection lag gauges on /metrics').catch(() => undefined);
        expect(text).toMatch(/^parley_projection_lag_events\{projection="[a-z-]+",[^}]*\} \d+$/m);
        expect(text).toMatch(/^parley_projection_lag_seconds\{projection="[a-z-]+",[^}]*\} [\d.]+$/m);
      } finally {
        expect(await running.stop()).toBe(0);
      }
    });

    it('exits with status 2 and names every bad setting', async () => {
      await expect(spawnService(entry, { PARLEY_HTTP_PORT: 'x', PARLEY_TELEMETRY: 'perhaps' })).rejects.toThrow(
        /exited \(code 2\)[\s\S]*PARLEY_TELEMETRY: must be true or false[\s\S]*PARLEY_HTTP_PORT/,
      );
    });
  });
}
