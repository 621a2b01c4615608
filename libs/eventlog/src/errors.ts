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
    }
  }
  if (
    error instanceof AckTimeoutError ||
    error instanceof NoStreamError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError
  ) {
    return new UnavailableError(`the event log did not confirm the write to ${subject}: ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
