import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { ErrorCode, isParleyError, type ErrorBody, type Subjects } from '@parley/contracts';
import type { Logger } from '@parley/telemetry';
import { lastValueFrom } from 'rxjs';

/** What goes back on the wire: the handler's value, or a coded error. */
export type RpcReply = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

/**
 * A Nest microservice transport for request-reply between Parley services, on the service's own
 * NATS connection and under its namespace (`<ns>.rpc.<pattern>`), so `@MessagePattern` handlers
 * work as usual while several installations can share one NATS system. Instances of a service
 * form a queue group: each request is handled once. Coded errors (ParleyError) travel as they are;
 * anything else is logged and answered as INTERNAL.
 */
export class NatsRpcServer extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly queue: string,
    private readonly log: Logger,
  ) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.getHandlers()) {
      if (handler.isEventHandler) continue;
      const subject = this.subjects.rpc(pattern);
      this.subscriptions.push(this.nc.subscribe(subject, { queue: this.queue, callback: (error, msg) => void (error ? undefined : this.handle(handler, msg)) }));
    }
    callback();
  }

  close(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  on(): void {
    // No transport events to report: the NATS connection is the service's, and reports its own.
  }

  unwrap<T>(): T {
    return this.nc as T;
  }

  private async handle(handler: MessageHandler, msg: Msg): Promise<void> {
    let reply: RpcReply;
    try {
      const value = await lastValueFrom(this.transformToObservable(await handler(msg.json(), undefined)), { defaultValue: null });
      reply = { ok: true, value };
    } catch (error) {
      if (isParleyError(error)) reply = { ok: false, error: error.toBody() };
      else {
        this.log.error({ err: error, subject: msg.subject }, 'request handler failed');
        reply = { ok: false, error: { code: ErrorCode.Internal, message: 'internal error' } };
      }
    }
    msg.respond(JSON.stringify(reply));
  }
}
