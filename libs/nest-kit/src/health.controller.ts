import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { FastifyReply } from 'fastify';
import { NATS_CONNECTION } from './tokens.js';

type Check = 'up' | 'down';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * Liveness says the process is running; readiness says it can do its work: NATS answers a round
 * trip and JetStream answers an API call (a NATS server without JetStream quorum is not enough).
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, Check> = { nats: 'down', jetstream: 'down' };
    const details: Record<string, string> = {};
    try {
      await withTimeout(this.nc.rtt(), 1_000);
      checks['nats'] = 'up';
      const jsm = await jetstreamManager(this.nc, { checkAPI: false });
      await withTimeout(jsm.getAccountInfo(), 2_000);
      checks['jetstream'] = 'up';
    } catch (error) {
      details[checks['nats'] === 'up' ? 'jetstream' : 'nats'] = (error as Error).message;
    }
    const ready = Object.values(checks).every((c) => c === 'up');
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks, ...(ready ? {} : { details }) };
  }
}
