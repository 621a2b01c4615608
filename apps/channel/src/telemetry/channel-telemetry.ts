import type { ClientFrame } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import { runningProjectors } from '@parley/projections';
import {
  createCounter,
  createHistogram,
  inSpan,
  lazyInstruments,
  meterOf,
  METRICS,
  observeGauge,
  observeProjectionLag,
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
 * Registers the channel's gauges (sessions, consumer lag, and the lag of the projections running
 * in this process) on the meter provider in place now; returns a function that unregisters them.
 */
export function observeChannel(gauges: ChannelGauges): () => void {
  const meter = meterOf(SCOPE);
  const stops = [
    observeGauge(meter, METRICS.sessions, () => [{ value: gauges.sessions() }]),
    observeGauge(meter, METRICS.consumerLag, () => gauges.consumers().map((c) => ({ value: c.pending, labels: { consumer: c.name } }))),
    observeProjectionLag(meter, runningProjectors),
  ];
  return () => stops.forEach((stop) => stop());
}
