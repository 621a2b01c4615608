import { randomUUID } from 'node:crypto';
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import { instanceSubject, type InstanceRegistry } from '@parley/cluster';
import { errorFromBody, ErrorCode, isParleyError, ValidationError, type ErrorBody, type Subjects } from '@parley/contracts';
import type { Logger } from '@parley/telemetry';
import { traceForward, traceForwarded } from '../telemetry/channel-telemetry.js';

/** A room write forwarded to the room's owner: which local handler runs it, and its arguments. */
export interface ForwardedCommand {
  /** The same for every resend of one write, so the owner runs it once. */
  id: string;
  op: string;
  roomId: string;
  payload: unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

export type RoomCommandHandler = (roomId: string, payload: unknown) => Promise<unknown>;

/**
 * How long one forward waits for the owner's answer before sending the write again. A request can be
 * lost on the way (a NATS node dies and the servers connected to it reconnect elsewhere); waiting
 * for it would stall the room for the whole timeout. A slow write is not repeated: the owner answers
 * a resend with the run already under way.
 */
const ATTEMPT_MS = 1_000;

/**
 * Sends each room write to the room's owner (rendezvous hashing over the live, non-draining
 * channel servers in the registry), wherever the client is connected, and runs the writes other
 * servers send here. If the owner cannot be reached (it died and the registry has not noticed yet),
 * the write runs here: ownership only avoids contention, the log's expected-sequence check is what
 * keeps a room linear when two servers both believe they own it.
 */
export class RoomRouter {
  private readonly handlers = new Map<string, RoomCommandHandler>();
  private subscription: Subscription | undefined;
  /** Forwarded writes running here, and their answers for a while after, by forward id. */
  private readonly runs = new Map<string, Promise<Reply>>();
  private forwarded = 0;
  private fallbacks = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly registry: InstanceRegistry,
    private readonly self: string,
    private readonly logger: Logger,
    /** Longer than a write may take on the owner (which retries through a NATS failover for up to 15 s). */
    private readonly timeoutMs = 20_000,
    private readonly attemptMs = ATTEMPT_MS,
  ) {}

  /** Registers the local handler of one kind of room write (before `start`). */
  handle(op: string, handler: RoomCommandHandler): void {
    this.handlers.set(op, handler);
  }

  /** Starts answering writes forwarded to this server. */
  start(): void {
    this.subscription = this.nc.subscribe(instanceSubject(this.subjects, this.self, 'room-command'), {
      callback: (error, msg) => {
        if (error) return;
        void this.serve(() => msg.json<ForwardedCommand>(), msg.headers?.get('traceparent') || undefined).then((reply) => msg.respond(JSON.stringify(reply)));
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  /** The server that owns a room now (this one when no other is live). */
  ownerOf(roomId: string): string {
    return this.registry.ownerOf(roomId) ?? this.self;
  }

  /** Runs a room write on the room's owner and returns its result, or throws its coded error. */
  async run<T>(op: string, roomId: string, payload: unknown): Promise<T> {
    const owner = this.ownerOf(roomId);
    if (owner === this.self) return (await this.local(op, roomId, payload)) as T;
    const body = JSON.stringify({ id: randomUUID(), op, roomId, payload } satisfies ForwardedCommand);
    return traceForward(op, roomId, (headers) => this.forward<T>(owner, op, roomId, payload, body, headers));
  }

  private async forward<T>(owner: string, op: string, roomId: string, payload: unknown, body: string, headers: MsgHdrs): Promise<T> {
    const giveUpAt = Date.now() + this.timeoutMs;
    let reply: Reply;
    for (;;) {
      try {
        const msg = await this.nc.request(instanceSubject(this.subjects, owner, 'room-command'), body, { headers, timeout: Math.min(this.attemptMs, Math.max(1, giveUpAt - Date.now())) });
        reply = msg.json<Reply>();
        this.forwarded++;
        break;
      } catch (error) {
        // Lost on the way, or the owner is still at it: ask again (it runs the write once).
        if ((error as Error).name === 'TimeoutError' && Date.now() < giveUpAt) continue;
        // Gone (nobody listens) or silent for too long: write here, fenced. A post carries its
        // command id, so if the owner did write it before going silent, the log keeps one copy.
        this.fallbacks++;
        this.logger.warn({ err: error, roomId, owner }, 'room owner did not answer; writing here (fenced)');
        return (await this.local(op, roomId, payload)) as T;
      }
    }
    if (!reply.ok) throw errorFromBody(reply.error);
    return reply.value as T;
  }

  /** Writes forwarded to an owner, and writes run here because the owner did not answer. */
  get stats(): { forwarded: number; fallbacks: number } {
    return { forwarded: this.forwarded, fallbacks: this.fallbacks };
  }

  private local(op: string, roomId: string, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(op);
    if (!handler) throw new ValidationError(`unknown room operation "${op}"`);
    return handler(roomId, payload);
  }

  private serve(read: () => ForwardedCommand, traceparent: string | undefined): Promise<Reply> {
    let command: ForwardedCommand;
    try {
      command = read();
    } catch {
      return Promise.resolve({ ok: false, error: { code: ErrorCode.Validation, message: 'a forwarded room write must be JSON' } });
    }
    const execute = () => traceForwarded(String(command?.op), String(command?.roomId), traceparent, () => this.execute(command));
    if (typeof command?.id !== 'string') return execute();
    // A resend (the first request or its answer was lost, or the write is slow) joins the first run.
    const running = this.runs.get(command.id);
    if (running) return running;
    const run = execute();
    this.runs.set(command.id, run);
    void run.finally(() => setTimeout(() => this.runs.delete(command.id), this.timeoutMs + this.attemptMs).unref());
    return run;
  }

  private async execute(command: ForwardedCommand): Promise<Reply> {
    try {
      // Run here even if ownership has moved on meanwhile: fencing keeps the room linear, and
      // forwarding again could bounce between two servers with different views of the registry.
      return { ok: true, value: (await this.local(command.op, command.roomId, command.payload)) ?? null };
    } catch (error) {
      if (isParleyError(error)) return { ok: false, error: error.toBody() };
      this.logger.error({ err: error, op: command.op, roomId: command.roomId }, 'forwarded room write failed');
      return { ok: false, error: { code: ErrorCode.Internal, message: 'internal error' } };
    }
  }
}
