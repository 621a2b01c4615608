import { principalKey as key, type CategorySettings, type CategoryTreeEvent, type Principal, type ScopeList } from '@parley/contracts';
import { assertNever } from '../decider.js';

export interface Category {
  id: string;
  name: string;
  description: string;
  parentId: string | null;
  allowed: Principal[];
  denied: Principal[];
  creators: Principal[];
  settings: CategorySettings;
}

export interface RoomRegistration {
  roomId: string;
  categoryId: string;
  name: string;
}

/** The category tree and the rooms registered in it, as the events left it. */
export interface CategoryTree {
  categories: ReadonlyMap<string, Category>;
  rooms: ReadonlyMap<string, RoomRegistration>;
}

export const EMPTY_TREE: CategoryTree = { categories: new Map(), rooms: new Map() };

function changeList(list: readonly Principal[], added: readonly Principal[], removed: readonly Principal[]): Principal[] {
  const gone = new Set(removed.map(key));
  const out = list.filter((p) => !gone.has(key(p)));
  const present = new Set(out.map(key));
  for (const p of added) {
    if (present.has(key(p))) continue;
    present.add(key(p));
    out.push(p);
  }
  return out;
}

/** Applies one event, returning a new tree (the tree is small; copies keep old states valid). */
export function evolveTree(tree: CategoryTree, event: CategoryTreeEvent): CategoryTree {
  const categories = new Map(tree.categories);
  const rooms = new Map(tree.rooms);
  const update = (id: string, change: (c: Category) => Category) => {
    const current = categories.get(id);
    if (current) categories.set(id, change(current));
  };
  switch (event.type) {
    case 'CategoryCreated': {
      const d = event.data;
      categories.set(d.categoryId, {
        id: d.categoryId,
        name: d.name,
        description: d.description,
        parentId: d.parentId,
        allowed: d.allowed,
        denied: d.denied,
        creators: d.creators,
        settings: d.settings,
      });
      break;
    }
    case 'CategoryUpdated':
      update(event.data.categoryId, (c) => ({ ...c, ...event.data.changes }));
      break;
    case 'CategoryMoved':
      update(event.data.categoryId, (c) => ({ ...c, parentId: event.data.parentId }));
      break;
    case 'CategoryScopeChanged': {
      const list: ScopeList = event.data.list;
      update(event.data.categoryId, (c) => ({ ...c, [list]: changeList(c[list], event.data.added, event.data.removed) }));
      break;
    }
    case 'CategorySettingsChanged':
      update(event.data.categoryId, (c) => ({ ...c, settings: { ...c.settings, ...event.data.changes } }));
      break;
    case 'CategoryRemoved':
      categories.delete(event.data.categoryId);
      break;
    case 'RoomRegistered':
    case 'RoomRegistrationChanged':
      rooms.set(event.data.roomId, { roomId: event.data.roomId, categoryId: event.data.categoryId, name: event.data.name });
      break;
    case 'RoomUnregistered':
      rooms.delete(event.data.roomId);
      break;
    default:
      assertNever(event);
  }
  return { categories, rooms };
}

/** The category and its ancestors, nearest first. */
export function lineage(tree: CategoryTree, categoryId: string): Category[] {
  const out: Category[] = [];
  for (let c = tree.categories.get(categoryId); c && out.length <= 64; c = c.parentId ? tree.categories.get(c.parentId) : undefined) out.push(c);
  return out;
}

export function childrenOf(tree: CategoryTree, parentId: string | null): Category[] {
  return [...tree.categories.values()].filter((c) => c.parentId === parentId);
}

export function roomsIn(tree: CategoryTree, categoryId: string): RoomRegistration[] {
  return [...tree.rooms.values()].filter((r) => r.categoryId === categoryId);
}
