import type { ClientFrame } from '@parley/contracts';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { injectTrace, traceContextOf, type StoredEvent } from '@parley/eventlog';
import {
  createCounter,
  createHistogram,
  inSpan,
  lazyInstruments,
  meterOf,
  METRICS,
  observeGauge,
  SpanKind,
} from '@parley/telemetry';

const SCOPE = 'channel';

const instruments = lazyInstruments(SCOPE, (meter) => ({
  posts: createCounter(meter, METRICS.posts),
  fanoutLatency: createHistogram(meter, METRICS.fanoutLatency),
}));

/**
 * Handles one client frame inside a server span (`ws post`, `ws join`...): the append, the
 * fan-out on this server and, through the trace context the log stores with each event, the
 * projectors that apply it all join the request's trace. Pings are not traced.
 */
export function traceFrame<T>(frame: ClientFrame, handle: () => Promise<T>): Promise<T> {
  if (frame.op === 'ping') return handle();
  const attributes = { 'parley.ws.op': frame.op, ...('room' in frame ? { 'parley.room.id': frame.room } : {}) };
  return inSpan(SCOPE, `ws ${frame.op}`, { kind: SpanKind.SERVER, attributes }, handle);
}

/**
 * A room write forwarded to the room's owner, in a client span whose context travels in the
 * request's headers (`traceparent`), so the owner's append joins the client's trace.
 */
export function traceForward<T>(op: string, roomId: string, send: (headers: MsgHdrs) => Promise<T>): Promise<T> {
  return inSpan(SCOPE, `room forward ${op}`, { kind: SpanKind.CLIENT, attributes: { 'parley.room.id': roomId } }, () => {
    const headers = natsHeaders();
    injectTrace(headers);
    return send(headers);
  });
}

/** A forwarded room write run on its owner, in a server span continuing the sender's trace. */
export function traceForwarded<T>(op: string, roomId: string, traceparent: string | undefined, run: () => Promise<T>): Promise<T> {
  const parent = traceparent ? traceContextOf({ traceparent }) : undefined;
  return inSpan(SCOPE, `room serve ${op}`, { kind: SpanKind.SERVER, attributes: { 'parley.room.id': roomId }, ...(parent ? { parent } : {}) }, run);
}

/** An acknowledged post. */
export function countPost(): void {
  instruments().posts.add(1);
}

/**
 * Delivers a room event to this server's sessions inside a fan-out span (a child of the request
 * that appended it here, or of the log's delivery of it), and records the fan-out latency when
 * someone received it. `deliver` returns the number of sessions it was handed to.
 */
export function traceFanout(stored: StoredEvent, deliver: () => number): void {
  const attributes = { 'parley.room.id': stored.event.aggregateId, 'parley.event.type': stored.event.type, 'parley.event.seq': stored.event.seq };
  inSpan(SCOPE, 'room fanout', { kind: SpanKind.INTERNAL, attributes }, (span) => {
    const recipients = deliver();
    span.setAttribute('parley.fanout.recipients', recipients);
    if (recipients > 0) instruments().fanoutLatency.record(Math.max(0, (Date.now() - Date.parse(stored.event.occurredAt)) / 1000));
  });
}

/** What the channel's gauges read at each scrape. */
export interface ChannelGauges {
  sessions(): number;
  /** The live consumers of this server (the room hub's), by name. */
  consumers(): { name: string; pending: number }[];
}

/**
 * Registers the channel's gauges (sessions, consumer lag) on the meter provider in place now;
 * returns a function that unregisters them. Projection lag is every service's (nest-kit's runService).
 */
export function observeChannel(gauges: ChannelGauges): () => void {
  const meter = meterOf(SCOPE);
  const stops = [
    observeGauge(meter, METRICS.sessions, () => [{ value: gauges.sessions() }]),
    observeGauge(meter, METRICS.consumerLag, () => gauges.consumers().map((c) => ({ value: c.pending, labels: { consumer: c.name } }))),
  ];
  return () => stops.forEach((stop) => stop());
}
