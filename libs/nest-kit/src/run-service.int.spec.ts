import { Controller, Get, Module } from '@nestjs/common';
import { ConflictError, ValidationError } from '@parley/contracts';
import { ConfigError } from '@parley/config';
import { startNats, type TestNats, until } from '@parley/testing';
import { runService, type RunningService } from './run-service.js';

@Controller('probe')
class ProbeController {
  @Get('validation')
  validation() {
    throw new ValidationError('bad input', [{ path: 'name', message: 'too long' }]);
  }

  @Get('conflict')
  conflict() {
    throw new ConflictError('already exists');
  }

  @Get('crash')
  crash() {
    throw new Error('secret internals');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};


describe('runService', () => {
  let nats: TestNats;
  let service: RunningService<unknown>;

  beforeAll(async () => {
    nats = await startNats();
    service = await runService(
      { name: 'channel', module: ProbeModule, settings: {} },
      { PARLEY_NATS_URL: nats.url, PARLEY_HTTP_PORT: '0', PARLEY_HTTP_HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'silent', PARLEY_NAMESPACE: 'svc' },
    );
  });

  afterAll(async () => {
    await service?.close();
    await nats?.stop();
  });

  it('is live, and ready when NATS and JetStream answer', async () => {
    expect(await get(`${service.url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${service.url}/health/ready`)).toEqual({ status: 200, body: { status: 'ok', checks: { nats: 'up', jetstream: 'up' } } });
  });

  it('turns coded errors into their HTTP status and body, and hides unexpected ones', async () => {
    expect(await get(`${service.url}/probe/validation`)).toEqual({
      status: 400,
      body: { error: { code: 'VALIDATION', message: 'bad input: name: too long', issues: [{ path: 'name', message: 'too long' }] } },
    });
    expect(await get(`${service.url}/probe/conflict`)).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'already exists' } } });
    expect(await get(`${service.url}/probe/crash`)).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } });
    expect((await get(`${service.url}/nowhere`)).body).toEqual({ error: { code: 'NOT_FOUND', message: 'Cannot GET /nowhere' } });
  });

  it('is not ready while NATS is down, and ready again when it is back', async () => {
    await nats.server.crash();
    await until(async () => (await get(`${service.url}/health/ready`)).status === 503);
    const down = await get(`${service.url}/health/ready`);
    expect(down.body).toMatchObject({ status: 'unavailable', checks: { nats: 'down' } });
    expect((await get(`${service.url}/health/live`)).status).toBe(200);
    await nats.server.restart();
    await until(async () => (await get(`${service.url}/health/ready`)).status === 200);
  });

  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const error = await runService(
      { name: 'lookup', module: ProbeModule, settings: {} },
      { PARLEY_HTTP_PORT: 'http', PARLEY_STREAM_REPLICAS: '9', PARLEY_NAMESPACE: 'Bad Name' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.env)).toEqual(['PARLEY_NAMESPACE', 'PARLEY_STREAM_REPLICAS', 'PARLEY_HTTP_PORT']);
  });
});
