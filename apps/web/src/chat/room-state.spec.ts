import { uniquePeople } from './room-state.js';

describe('the people shown in a room', () => {
  it('lists each person once, by name, whatever sessions or notices repeat them', () => {
    const people = uniquePeople([
      { userId: 'u2', name: 'iris' },
      { userId: 'u1', name: 'henry' },
      { userId: 'u2', name: 'iris' },
    ]);
    expect(people).toEqual([
      { userId: 'u1', name: 'henry' },
      { userId: 'u2', name: 'iris' },
    ]);
  });
});
