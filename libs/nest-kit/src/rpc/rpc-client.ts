import type { NatsConnection } from '@nats-io/transport-node';
import { errorFromBody, UnavailableError, type Subjects } from '@parley/contracts';
import type { RpcReply } from './rpc-server.js';

/**
 * Calls another service's `@MessagePattern` endpoint over NATS request-reply and gives back its
 * value, or throws the coded error it answered with. No service answering, or no answer in time,
 * is an UnavailableError (the request may have run: send a command id so a retry runs once).
 */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly service: string,
  ) {}

  async request<T>(pattern: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    let reply: RpcReply;
    try {
      const msg = await this.nc.request(this.subjects.rpc(pattern), JSON.stringify(payload), { timeout: timeoutMs });
      reply = msg.json<RpcReply>();
    } catch (error) {
      throw new UnavailableError(`the ${this.service} service did not answer (${(error as Error).message})`, { cause: error });
    }
    if (!reply.ok) throw errorFromBody(reply.error);
    return reply.value as T;
  }
}
