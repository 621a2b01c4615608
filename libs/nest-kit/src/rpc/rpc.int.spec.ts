import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConflictError, Subjects, UnavailableError } from '@parley/contracts';
import { startNats, type TestNats } from '@parley/testing';
import { runService, type RunningService } from '../run-service.js';
import { RpcClient } from './rpc-client.js';

@Controller()
class ProbeRpc {
  @MessagePattern('probe.echo')
  echo(payload: { text: string }) {
    return { echoed: payload.text };
  }

  @MessagePattern('probe.fail')
  async fail() {
    throw new ConflictError('already done');
  }

  @MessagePattern('probe.crash')
  crash() {
    throw new Error('secret internals');
  }
}

@Module({ controllers: [ProbeRpc] })
class ProbeModule {}

describe('request-reply between services', () => {
  let nats: TestNats;
  let service: RunningService<unknown>;
  let nc: NatsConnection;
  let client: RpcClient;

  beforeAll(async () => {
    nats = await startNats();
    service = await runService(
      { name: 'channel', module: ProbeModule, settings: {}, rpc: true },
      { PARLEY_NATS_URL: nats.url, PARLEY_HTTP_PORT: '0', PARLEY_HTTP_HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'silent', PARLEY_NAMESPACE: 'rpc' },
    );
    nc = await connect({ servers: nats.url });
    client = new RpcClient(nc, new Subjects('rpc'), 'channel');
  });

  afterAll(async () => {
    await nc.close();
    await service.close();
    await nats.stop();
  });

  it('answers with the handler’s value', async () => {
    await expect(client.request('probe.echo', { text: 'hi' })).resolves.toEqual({ echoed: 'hi' });
  });

  it('carries coded errors across, and hides unexpected ones', async () => {
    await expect(client.request('probe.fail', {})).rejects.toEqual(new ConflictError('already done'));
    await expect(client.request('probe.crash', {})).rejects.toThrow(/^internal error$/);
  });

  it('is unavailable when no service answers, and stays inside its namespace', async () => {
    await expect(client.request('probe.nobody', {}, 500)).rejects.toBeInstanceOf(UnavailableError);
    await expect(new RpcClient(nc, new Subjects('other'), 'channel').request('probe.echo', { text: 'x' }, 500)).rejects.toThrow(/the channel service did not answer/);
  });
});
