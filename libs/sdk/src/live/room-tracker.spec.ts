import type { WireEvent } from '@parley/contracts';
import { RoomTracker } from './room-tracker.js';

const event = (seq: number): WireEvent => ({ id: `e${seq}`, type: 'MessagePosted', seq, actor: { kind: 'user', id: 'u1' }, occurredAt: '2026-01-01T00:00:00.000Z', data: {} });

describe('the seq bookkeeping of a live client', () => {
  it('hands on a first join’s backchat, then each next seq once', () => {
    const rooms = new RoomTracker();
    expect(rooms.entered('r', { seq: 7, backchat: [event(6), event(5), event(7)] }, undefined).map((e) => e.seq)).toEqual([5, 6, 7]);
    expect([8, 8, 9, 7].map((seq) => rooms.arrived('r', seq))).toEqual(['deliver', 'duplicate', 'deliver', 'duplicate']);
    expect(rooms.last('r')).toBe(9);
    expect(rooms.arrived('elsewhere', 1)).toBe('unknown');
  });

  it('asks for one catch-up on a gap, holds what comes meanwhile, and goes on from where it was', () => {
    const rooms = new RoomTracker();
    rooms.entered('r', { seq: 3, backchat: [] }, undefined);
    expect(rooms.arrived('r', 5)).toBe('gap');
    expect(rooms.catchUp('r')).toBe(3);
    expect(rooms.catchUp('r')).toBeUndefined();
    expect(rooms.arrived('r', 6)).toBe('held');
    expect(rooms.entered('r', { seq: 6, backchat: [] }, 3)).toEqual([]);
    expect([4, 5, 6, 5].map((seq) => rooms.arrived('r', seq))).toEqual(['deliver', 'deliver', 'deliver', 'duplicate']);
  });

  it('resumes every room from its last seq on a new connection, starting any catch-up over', () => {
    const rooms = new RoomTracker();
    rooms.entered('a', { seq: 2, backchat: [event(1), event(2)] }, undefined);
    rooms.entered('b', { seq: 0, backchat: [] }, undefined);
    rooms.catchUp('a');
    expect(rooms.resume()).toEqual({ a: 2, b: 0 });
    expect(rooms.catchUp('a')).toBe(2);
    rooms.left('b');
    expect(rooms.resume()).toEqual({ a: 2 });
  });

  it('drops backchat it has handed on already when a room is joined again', () => {
    const rooms = new RoomTracker();
    rooms.entered('r', { seq: 4, backchat: [event(3), event(4)] }, undefined);
    expect(rooms.entered('r', { seq: 6, backchat: [event(4), event(5), event(6)] }, undefined).map((e) => e.seq)).toEqual([5, 6]);
    expect(rooms.arrived('r', 7)).toBe('deliver');
  });
});
