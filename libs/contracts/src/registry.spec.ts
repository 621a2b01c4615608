import { z } from 'zod';
import { defineEvent } from './envelope.js';
import { ValidationError } from './errors.js';
import { createParleyRegistry, type MessagePosted } from './events/index.js';
import { uuidv7 } from './ids.js';
import { EventRegistry } from './registry.js';

const envelope = (type: string, v: number, data: unknown) => ({
  id: uuidv7(),
  type,
  v,
  aggregateId: 'room-1',
  seq: 1,
  actor: { kind: 'user', id: 'alice' },
  occurredAt: new Date().toISOString(),
  correlationId: 'c1',
  causationId: 'c1',
  data,
});

const post = (data: Partial<z.input<typeof MessagePosted.data>> & Record<string, unknown> = {}) =>
  envelope('MessagePosted', 1, { clientMsgId: 'm1', text: 'hello', alert: false, story: null, mentions: [], ...data });

describe('EventRegistry', () => {
  const registry = createParleyRegistry();

  it('accepts a valid current event', () => {
    expect(registry.validate(post()).data).toMatchObject({ text: 'hello' });
  });

  it('names the offending field of the data', () => {
    expect(() => registry.validate(post({ text: '' }))).toThrow(ValidationError);
    try {
      registry.validate(post({ text: 'x'.repeat(8_001) }));
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['data.text']);
      expect((error as Error).message).toContain('data.text');
    }
  });

  it('refuses unknown fields in the data and in the envelope', () => {
    expect(() => registry.validate(post({ html: '<b>' }))).toThrow(/data.html: unknown field/);
    expect(() => registry.validate({ ...post(), extra: 1 })).toThrow(/extra: unknown field/);
  });

  it('refuses an unknown type and a stale version on write', () => {
    expect(() => registry.validate(envelope('Nope', 1, {}))).toThrow(/type: unknown event type "Nope"/);
    expect(() => registry.validate({ ...post(), v: 2 })).toThrow(/v: must be the current version 1/);
  });

  it('refuses an envelope with a bad aggregate id', () => {
    expect(() => registry.validate({ ...post(), aggregateId: 'a.b' })).toThrow(/aggregateId/);
  });

  describe('upcasting on read', () => {
    const TopicSet2 = defineEvent({
      type: 'TopicSet',
      v: 2,
      aggregate: 'room',
      data: z.strictObject({ topic: z.string(), setBy: z.string() }),
    });
    const withUpcaster = new EventRegistry([TopicSet2], [{ type: 'TopicSet', from: 1, up: (d) => ({ ...(d as object), setBy: 'unknown' }) }]);

    it('brings an old version up to the current one', () => {
      const decoded = withUpcaster.decode(envelope('TopicSet', 1, { topic: 'x' }));
      expect(decoded).toMatchObject({ v: 2, data: { topic: 'x', setBy: 'unknown' } });
    });

    it('passes a current version through unchanged', () => {
      expect(withUpcaster.decode(envelope('TopicSet', 2, { topic: 'y', setBy: 'bob' }))).toMatchObject({ data: { setBy: 'bob' } });
    });

    it('skips types and versions from a newer writer', () => {
      expect(withUpcaster.decode(envelope('Unheard', 1, {}))).toBeUndefined();
      expect(withUpcaster.decode(envelope('TopicSet', 3, {}))).toBeUndefined();
    });

    it('refuses a registry whose upcaster chain has a hole', () => {
      expect(() => new EventRegistry([TopicSet2])).toThrow(/missing upcaster TopicSet@1/);
    });
  });
});
