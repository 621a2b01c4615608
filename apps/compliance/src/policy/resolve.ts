import { ConflictError, NotFoundError } from '@parley/contracts';
import type { CategoryTree } from '@parley/domain';
import type { DirectoryState } from '@parley/directory-state';

const key = (names: readonly string[]) => names.map((n) => n.trim().toLowerCase()).join('/');

/** A category's path from the top, as names. */
export function categoryPath(tree: CategoryTree, categoryId: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null = categoryId; id !== null && !seen.has(id); id = tree.categories.get(id)?.parentId ?? null) {
    seen.add(id);
    names.unshift(tree.categories.get(id)?.name ?? id);
  }
  return names;
}

/**
 * Names as compliance officers write them, resolved against who is who (followed from the log)
 * and the rooms the archive knows, which include removed rooms: a closed room's records stay
 * reachable by its id.
 */
export class Resolver {
  constructor(
    private readonly state: DirectoryState,
    private readonly archivedRooms: () => Promise<ReadonlySet<string>>,
  ) {}

  user(text: string, what: string): string {
    const view = this.state.view;
    const id = view.userIdByName(text) ?? (view.users.has(text) ? text : undefined);
    if (!id) throw new NotFoundError(`${what}: no user named "${text}", nor with that id`);
    return id;
  }

  async room(text: string, what: string): Promise<string> {
    const id = text.startsWith('parley://room/') ? text.slice('parley://room/'.length) : text;
    if (this.state.tree.rooms.has(id) || (await this.archivedRooms()).has(id)) return id;
    const wanted = key(text.split('/').filter((p) => p.trim() !== ''));
    const tree = this.state.tree;
    const matches = [...tree.rooms.values()].filter((r) => key([...categoryPath(tree, r.categoryId), r.name]) === wanted);
    if (matches.length > 1) throw new ConflictError(`${what}: ${matches.length} rooms have the path "${text}": name one by id`);
    if (!matches[0]) throw new NotFoundError(`${what}: no room "${text}" (give its id, parley://room/ID or Category/Room)`);
    return matches[0].roomId;
  }

  category(text: string, what: string): string {
    const tree = this.state.tree;
    if (tree.categories.has(text)) return text;
    const wanted = key(text.split('/').filter((p) => p.trim() !== ''));
    const matches = [...tree.categories.keys()].filter((id) => key(categoryPath(tree, id)) === wanted);
    if (matches.length > 1) throw new ConflictError(`${what}: ${matches.length} categories have the path "${text}": name one by id`);
    if (!matches[0]) throw new NotFoundError(`${what}: no category "${text}" (give a path like Engineering/Backend, or an id)`);
    return matches[0];
  }

  /** A user's readable name for views (their user name, or the id of one the directory never had). */
  userLabel(id: string): string {
    return this.state.view.users.get(id)?.username ?? id;
  }

  roomLabel(id: string): string {
    const room = this.state.tree.rooms.get(id);
    return room ? [...categoryPath(this.state.tree, room.categoryId), room.name].join('/') : id;
  }

  categoryLabel(id: string): string {
    return this.state.tree.categories.has(id) ? categoryPath(this.state.tree, id).join('/') : id;
  }
}
