import { UnavailableError, type ClientFrame, type ParleyError, type ServerFrame } from '@parley/contracts';
import type { LiveConnection } from './live-connection.js';

/** A request frame (every client frame but `typing`, which is never answered). */
export type RequestFrame = Exclude<ClientFrame, { op: 'typing' }>;

export interface Pending {
  /** Undefined for answers the server sends on its own account (the rooms a hello resumes). */
  frame: RequestFrame | undefined;
  /** Sent again on every new connection until answered: joins, and posts (the server stores a clientMsgId once). */
  resend: boolean;
  /** The connection it was last sent on; undefined while it waits for one. */
  sentOn: LiveConnection | undefined;
  /** The answer naming the request; called as the frame is handled, before any later frame. */
  answered(frame: ServerFrame): void;
  /** An `error` frame naming the request, or the client closing. */
  refused(error: ParleyError): void;
  /** The connection ended before the answer (for requests that are not resent). Refused by default. */
  lost?: () => void;
}

/** Requests awaiting their answer, by request id, in the order they were made. */
export class PendingRequests {
  private readonly byId = new Map<string, Pending>();
  private counter = 0;

  /** A request id unique on any connection of this client. */
  nextId(prefix = 'r'): string {
    return `${prefix}${++this.counter}`;
  }

  add(id: string, pending: Pending): void {
    this.byId.set(id, pending);
  }

  /** Takes the request `id` names, if it is waiting. */
  take(id: string | undefined): Pending | undefined {
    const pending = id === undefined ? undefined : this.byId.get(id);
    if (pending) this.byId.delete(id!);
    return pending;
  }

  /** Sends every request not yet sent on `socket`, in the order they were made. */
  flush(socket: LiveConnection): void {
    for (const pending of this.byId.values()) {
      if (pending.sentOn || !pending.frame) continue;
      pending.sentOn = socket;
      socket.send(pending.frame);
    }
  }

  /** `socket` ended: requests to resend wait for the next connection; the others are lost. */
  disconnected(socket: LiveConnection): void {
    for (const [id, pending] of this.byId) {
      if (pending.sentOn !== socket) continue;
      if (pending.resend) {
        pending.sentOn = undefined;
        continue;
      }
      this.byId.delete(id);
      if (pending.lost) pending.lost();
      else pending.refused(new UnavailableError('the connection to the channel server was lost before it answered: the request may or may not have been carried out'));
    }
  }

  /** Refuses every request (the client closed or failed). */
  refuseAll(error: ParleyError): void {
    const all = [...this.byId.values()];
    this.byId.clear();
    for (const pending of all) pending.refused(error);
  }
}
