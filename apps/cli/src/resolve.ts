import { ConflictError, ForbiddenError, isAggregateId, NotFoundError, type CategoryView } from '@parley/contracts';
import type { ParleyClient, RoomView } from '@parley/sdk';

/** The server searches name prefixes up to this length. */
const QUERY_MAX = 256;

async function byId<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** A user named on the command line by user name (any case) or by id. */
export async function userId(api: ParleyClient, text: string, what: string): Promise<string> {
  const wanted = text.trim().toLowerCase();
  if (wanted && wanted.length <= QUERY_MAX) {
    const [user] = (await api.users.list({ username: wanted, limit: 1 })).items;
    if (user) return user.id;
  }
  const found = isAggregateId(text) ? await byId(() => api.users.get(text)) : undefined;
  if (!found) throw new NotFoundError(`${what}: no user named "${text}", nor with that id`);
  return found.id;
}

/** A group named on the command line by name (any case) or by id; directory and local groups may share a name. */
export async function groupId(api: ParleyClient, text: string, what: string): Promise<string> {
  const wanted = text.trim().toLowerCase();
  const matches: string[] = [];
  if (wanted && wanted.length <= QUERY_MAX) {
    for await (const group of api.groups.all({ q: wanted, limit: 500 })) if (group.name.toLowerCase() === wanted) matches.push(group.id);
  }
  if (matches.length > 1) throw new ConflictError(`${what}: ${matches.length} groups are named "${text}": name one by id (${matches.join(', ')})`);
  if (matches.length === 1) return matches[0]!;
  const found = isAggregateId(text) ? await byId(() => api.groups.get(text)) : undefined;
  if (!found) throw new NotFoundError(`${what}: no group named "${text}", nor with that id`);
  return found.id;
}

/** A path written on the command line and a path of names compare alike: any case, no empty parts. */
const pathKey = (names: readonly string[]) => names.map((n) => n.trim().toLowerCase()).join('/');
const pathOf = (text: string) => text.split('/').filter((part) => part.trim() !== '');

/** A category named on the command line by id or by path from the top (`Engineering/Backend`, any case). */
export async function category(api: ParleyClient, text: string, what: string): Promise<CategoryView> {
  const all = await api.categories.list();
  const exact = all.find((c) => c.id === text);
  if (exact) return exact;
  const wanted = pathKey(pathOf(text));
  const matches = all.filter((c) => pathKey(c.path) === wanted);
  // Names may contain "/", so two paths can read alike.
  if (matches.length > 1) throw new ConflictError(`${what}: ${matches.length} categories have the path "${text}": name one by id (${matches.map((c) => c.id).join(', ')})`);
  if (!matches[0]) throw new NotFoundError(`${what}: no category "${text}" (give a path like Engineering/Backend, or an id)`);
  return matches[0];
}

/** An add-in named on the command line by id or by name (names are unique, any case). */
export async function addinId(api: ParleyClient, text: string, what: string): Promise<string> {
  const all = await api.addins.list();
  const found = all.find((a) => a.id === text) ?? all.find((a) => a.name.trim().toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new NotFoundError(`${what}: no add-in named "${text}", nor with that id`);
  return found.id;
}

const ROOM_URI = /^parley:\/\/room\/(.*)$/i;
const ROOM_FORMS = 'give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup';

/**
 * A room named on the command line: by id, by URI (`parley://room/<id>`), or by its category's
 * path and its name (`Engineering/Backend/Standup`, any case). Paths are looked up in the list of
 * rooms, which only administrators may read.
 */
export async function roomId(api: ParleyClient, text: string, what: string): Promise<string> {
  const trimmed = text.trim();
  const uri = ROOM_URI.exec(trimmed);
  if (uri || !trimmed.includes('/')) {
    const id = uri ? uri[1]! : trimmed;
    if (!isAggregateId(id)) throw new Error(`${what}: "${text}" is not a room: ${ROOM_FORMS}`);
    return id;
  }
  const rooms = await api.rooms.list().catch((error: unknown) => {
    if (error instanceof ForbiddenError) throw new ForbiddenError(`${what}: only administrators may find rooms by path: give the room's id or its parley://room/ID URI`);
    throw error;
  });
  const wanted = pathKey(pathOf(trimmed));
  const matches = rooms.filter((r) => pathKey([...r.categoryPath, r.name]) === wanted);
  if (matches.length > 1) throw new ConflictError(`${what}: ${matches.length} rooms have the path "${text}": name one by id (${matches.map((r) => r.id).join(', ')})`);
  if (!matches[0]) throw new NotFoundError(`${what}: no room "${text}" (${ROOM_FORMS})`);
  return matches[0].id;
}

/** A room named on the command line (see roomId), as the server shows it to the caller. */
export async function room(api: ParleyClient, text: string, what: string): Promise<RoomView> {
  const id = await roomId(api, text, what);
  const found = await byId(() => api.rooms.get(id));
  if (!found) throw new NotFoundError(`${what}: no room "${text}" (${ROOM_FORMS})`);
  return found;
}
