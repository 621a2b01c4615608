import type { Actor, AnyEnvelope } from '@parley/contracts';

/** What a decision produces: events as the aggregate proposes them (the log adds envelope fields). */
export type Decided<E extends AnyEnvelope> = E extends AnyEnvelope ? { type: E['type']; data: E['data'] } : never;

/** Inputs a decision needs from outside, passed in so the domain stays pure. */
export interface CommandContext {
  actor: Actor;
  now: Date;
  /** A fresh unique id (UUIDv7 in production; predictable in tests). */
  newId(): string;
}

/** Exhaustiveness guard for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
