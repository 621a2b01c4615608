import { ConflictError, ForbiddenError, NotFoundError } from '@parley/contracts';
import type { ParleyClient } from '@parley/sdk';
import { room, roomId } from './resolve.js';

const summary = (id: string, categoryPath: string[], name: string) => ({ id, uri: `parley://room/${id}`, categoryId: 'c', categoryPath, name });

function api(rooms: { list?: () => Promise<unknown>; get?: (id: string) => Promise<unknown> }) {
  const fake = { list: jest.fn(rooms.list ?? (() => Promise.resolve([]))), get: jest.fn(rooms.get ?? (() => Promise.reject(new NotFoundError('no room')))) };
  return { client: { rooms: fake } as unknown as ParleyClient, rooms: fake };
}

describe('ROOM on the command line', () => {
  it('takes an id or a parley://room/ URI as it is, asking nothing', async () => {
    const { client, rooms } = api({});
    expect(await roomId(client, '0190c3a4-7c1e-7d2a-9f00-1a2b3c4d5e6f', 'ROOM')).toBe('0190c3a4-7c1e-7d2a-9f00-1a2b3c4d5e6f');
    expect(await roomId(client, ' PARLEY://room/r-1 ', 'ROOM')).toBe('r-1');
    expect(rooms.list).not.toHaveBeenCalled();
  });

  it('finds a path of category names and the room name, in any case', async () => {
    const { client } = api({ list: () => Promise.resolve([summary('r-1', ['Engineering', 'Backend'], 'Standup'), summary('r-2', ['Engineering'], 'Standup')]) });
    expect(await roomId(client, 'engineering/backend/STANDUP', '--room')).toBe('r-1');
    expect(await roomId(client, '/Engineering//Standup/', '--room')).toBe('r-2');
  });

  it('names the option and says what it takes when there is no such room', async () => {
    const { client } = api({ list: () => Promise.resolve([summary('r-1', ['Engineering'], 'Standup')]) });
    await expect(roomId(client, 'Engineering/Standdown', '--room')).rejects.toThrow(
      new NotFoundError('--room: no room "Engineering/Standdown" (give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup)'),
    );
    await expect(roomId(client, 'two words', 'ROOM')).rejects.toThrow('ROOM: "two words" is not a room: give its id');
    await expect(roomId(client, 'parley://room/', 'ROOM')).rejects.toThrow('ROOM: "parley://room/" is not a room');
    await expect(room(client, 'Lobby', 'ROOM')).rejects.toThrow(new NotFoundError('ROOM: no room "Lobby" (give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup)'));
  });

  it('asks for an id when two rooms read alike, or when only administrators could find the path', async () => {
    const { client } = api({ list: () => Promise.resolve([summary('r-1', ['A/B'], 'C'), summary('r-2', ['A', 'B'], 'C')]) });
    await expect(roomId(client, 'A/B/C', 'ROOM')).rejects.toThrow(new ConflictError('ROOM: 2 rooms have the path "A/B/C": name one by id (r-1, r-2)'));
    const user = api({ list: () => Promise.reject(new ForbiddenError('administrators only')) });
    await expect(roomId(user.client, 'Engineering/Standup', '--room')).rejects.toThrow(
      new ForbiddenError("--room: only administrators may find rooms by path: give the room's id or its parley://room/ID URI"),
    );
  });
});
