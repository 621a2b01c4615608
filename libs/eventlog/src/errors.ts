import { ClosedConnectionError, DrainingConnectionError } from '@nats-io/transport-node';
import { ConflictError, PayloadTooLargeError, UnavailableError } from '@parley/contracts';
import { AckTimeoutError, NoStreamError, PublishRefusedError } from './publisher.js';

/** JetStream API error codes we act on (nats-server's own constants). */
export const JsCode = {
  StreamNotFound: 10059,
  WrongLastSequence: 10071,
  MessageSizeExceedsMaximum: 10054,
  NoMessageFound: 10037,
} as const;

/**
 * The one place where a failed publish becomes a Parley error. A stale expected sequence is a
 * ConflictError: another writer got there first (or this writer was fenced off after a rebalance).
 * An UnavailableError means the write may or may not be stored: retry with the same command id.
 */
export function translatePublishError(error: unknown, subject: string, expectedStreamSeq: number): Error {
  if (error instanceof PublishRefusedError) {
    switch (error.code) {
      case JsCode.WrongLastSequence:
        return new ConflictError(
          `stale write to ${subject}: expected its last event at stream sequence ${expectedStreamSeq}, but the log has moved on`,
          { cause: error },
        );
      case JsCode.MessageSizeExceedsMaximum:
        return new PayloadTooLargeError(`event for ${subject} exceeds the log's maximum event size`, { cause: error });
      default:
        // The cluster refused for its own reasons (no stream leader during an election, too few
        // peers, JetStream temporarily unavailable): nothing was stored, and a retry may succeed.
        return new UnavailableError(`the event log refused the write to ${subject} (${error.code}: ${error.message}); try again`, { cause: error });
    }
  }
  if (
    isTransient(error) ||
    error instanceof AckTimeoutError ||
    error instanceof NoStreamError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError
  ) {
    return new UnavailableError(`the event log did not confirm the write to ${subject}: ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A NATS request that timed out or found no responder: the cluster is failing over, or a node is away. */
export function isTransient(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'NoRespondersError') return true;
  // A cluster that has not yet seen all its peers, or is between leaders.
  return /no suitable peers for placement|insufficient resources|jetstream system temporarily unavailable|jetstream is not enabled/i.test(error.message);
}

/**
 * How loud a subscription's error should be: `warn` when the log was briefly out of reach (a
 * consumer lost with a NATS node and made again, a request timed out during an election), which
 * the follower recovers from by itself; `error` for the rest (a handler that threw, an event that
 * could not be decoded).
 */
export function followErrorLevel(error: unknown): 'warn' | 'error' {
  return isTransient(error) || (error instanceof Error && error.name === 'ConsumerSilentError') ? 'warn' : 'error';
}

/**
 * Runs an operation that is safe to repeat (a read of the log, stream provisioning), again while it
 * fails transiently (up to `budgetMs`, long enough for a NATS stream to elect a new leader), then as an
 * UnavailableError.
 */
export async function retryIdempotent<T>(what: string, read: () => Promise<T>, budgetMs = 15_000): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (Date.now() >= giveUpAt) throw new UnavailableError(`the event log did not answer (${what}): ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 25 * 2 ** attempt)));
    }
  }
}
