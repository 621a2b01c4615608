import { rendezvousOwner } from './rendezvous.js';

describe('rendezvous hashing', () => {
  const rooms = Array.from({ length: 3_000 }, (_, i) => `room-${i}`);

  it('spreads rooms over instances roughly evenly, the same way everywhere', () => {
    const counts = new Map<string, number>();
    for (const room of rooms) {
      const owner = rendezvousOwner(room, ['a', 'b', 'c'])!;
      expect(rendezvousOwner(room, ['c', 'a', 'b'])).toBe(owner);
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });

  it('moves only the rooms of an instance that leaves', () => {
    const before = new Map(rooms.map((r) => [r, rendezvousOwner(r, ['a', 'b', 'c'])]));
    for (const room of rooms) {
      const after = rendezvousOwner(room, ['a', 'c']);
      if (before.get(room) !== 'b') expect(after).toBe(before.get(room));
    }
    expect(rendezvousOwner('x', [])).toBeUndefined();
  });
});
