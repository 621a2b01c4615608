import {
  CategoryLimits,
  ConflictError,
  NotFoundError,
  principalKey as pkey,
  ValidationError,
  type CategorySettings,
  type CategoryTreeEvent,
  type Principal,
  type ScopeList,
} from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import { childrenOf, evolveTree, lineage, roomsIn, type Category, type CategoryTree } from './category-tree.js';

export type CategoryTreeCommand =
  | {
      type: 'CreateCategory';
      categoryId: string;
      name: string;
      description: string;
      parentId: string | null;
      allowed: Principal[];
      denied: Principal[];
      creators: Principal[];
      /** Unset settings are copied from the parent (or the defaults at the root). */
      settings?: Partial<CategorySettings>;
    }
  | { type: 'UpdateCategory'; categoryId: string; name?: string; description?: string }
  | { type: 'MoveCategory'; categoryId: string; parentId: string | null }
  | { type: 'ChangeCategoryScope'; categoryId: string; list: ScopeList; add: Principal[]; remove: Principal[] }
  | { type: 'ChangeCategorySettings'; categoryId: string; changes: Partial<CategorySettings> }
  | { type: 'RemoveCategory'; categoryId: string }
  | { type: 'RegisterRoom'; roomId: string; categoryId: string; name: string }
  | { type: 'ChangeRoomRegistration'; roomId: string; categoryId?: string; name?: string }
  | { type: 'UnregisterRoom'; roomId: string };

export const DEFAULT_CATEGORY_SETTINGS: CategorySettings = Object.freeze({ invitations: true, fileUpload: true, chatHistory: true });

type Out = Decided<CategoryTreeEvent>[];

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function category(tree: CategoryTree, id: string, path = 'categoryId'): Category {
  const found = tree.categories.get(id);
  if (!found) throw new NotFoundError(`${path}: no category "${id}"`);
  return found;
}

function assertUniqueSibling(tree: CategoryTree, parentId: string | null, name: string, exceptId?: string): void {
  const clash = childrenOf(tree, parentId).find((c) => c.id !== exceptId && same(c.name, name));
  if (clash) {
    const where = parentId ? `in category "${tree.categories.get(parentId)?.name}"` : 'at the top level';
    throw new ConflictError(`name: a category named "${clash.name}" already exists ${where}`);
  }
}

function assertUniqueRoomName(tree: CategoryTree, categoryId: string, name: string, exceptRoomId?: string): void {
  const clash = roomsIn(tree, categoryId).find((r) => r.roomId !== exceptRoomId && same(r.name, name));
  if (clash) throw new ConflictError(`name: a room named "${clash.name}" already exists in category "${tree.categories.get(categoryId)?.name}"`);
}

function assertDepth(tree: CategoryTree, parentId: string | null, subtreeHeight = 1): void {
  const depth = (parentId ? lineage(tree, parentId).length : 0) + subtreeHeight;
  if (depth > CategoryLimits.depthMax) {
    throw new ValidationError('category tree too deep', [{ path: 'parentId', message: `categories nest at most ${CategoryLimits.depthMax} deep` }]);
  }
}

function height(tree: CategoryTree, id: string): number {
  return 1 + Math.max(0, ...childrenOf(tree, id).map((c) => height(tree, c.id)));
}

/** Decides a category-tree command: the events to append, or a typed error. Idempotent where it can be. */
export function decideCategoryTree(command: CategoryTreeCommand, tree: CategoryTree): Out {
  switch (command.type) {
    case 'CreateCategory': {
      if (tree.categories.has(command.categoryId)) throw new ConflictError(`category ${command.categoryId} already exists`);
      const parent = command.parentId === null ? undefined : category(tree, command.parentId, 'parentId');
      assertUniqueSibling(tree, command.parentId, command.name);
      assertDepth(tree, command.parentId);
      const dedupe = (list: Principal[]) => [...new Map(list.map((p) => [pkey(p), p])).values()];
      return [
        {
          type: 'CategoryCreated',
          data: {
            categoryId: command.categoryId,
            name: command.name.trim(),
            description: command.description,
            parentId: command.parentId,
            allowed: dedupe(command.allowed),
            denied: dedupe(command.denied),
            creators: dedupe(command.creators),
            settings: { ...(parent?.settings ?? DEFAULT_CATEGORY_SETTINGS), ...command.settings },
          },
        },
      ];
    }
    case 'UpdateCategory': {
      const current = category(tree, command.categoryId);
      const changes: { name?: string; description?: string } = {};
      if (command.name !== undefined && command.name.trim() !== current.name) {
        assertUniqueSibling(tree, current.parentId, command.name, current.id);
        changes.name = command.name.trim();
      }
      if (command.description !== undefined && command.description !== current.description) changes.description = command.description;
      return Object.keys(changes).length ? [{ type: 'CategoryUpdated', data: { categoryId: current.id, changes } }] : [];
    }
    case 'MoveCategory': {
      const current = category(tree, command.categoryId);
      if (current.parentId === command.parentId) return [];
      if (command.parentId !== null) {
        category(tree, command.parentId, 'parentId');
        if (lineage(tree, command.parentId).some((c) => c.id === current.id)) {
          throw new ValidationError('cannot move a category there', [{ path: 'parentId', message: 'is the category itself or one of its sub-categories (a cycle)' }]);
        }
      }
      assertUniqueSibling(tree, command.parentId, current.name, current.id);
      assertDepth(tree, command.parentId, height(tree, current.id));
      return [{ type: 'CategoryMoved', data: { categoryId: current.id, parentId: command.parentId } }];
    }
    case 'ChangeCategoryScope': {
      const current = category(tree, command.categoryId);
      const present = new Set(current[command.list].map(pkey));
      const added = [...new Map(command.add.filter((p) => !present.has(pkey(p))).map((p) => [pkey(p), p])).values()];
      const removed = command.remove.filter((p) => present.has(pkey(p)));
      if (!added.length && !removed.length) return [];
      if (present.size + added.length - removed.length > CategoryLimits.principalsPerList) {
        throw new ValidationError('scope list too long', [{ path: command.list, message: `at most ${CategoryLimits.principalsPerList} entries` }]);
      }
      return [{ type: 'CategoryScopeChanged', data: { categoryId: current.id, list: command.list, added, removed } }];
    }
    case 'ChangeCategorySettings': {
      const current = category(tree, command.categoryId);
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(([k, v]) => v !== undefined && current.settings[k as keyof CategorySettings] !== v),
      ) as Partial<CategorySettings>;
      return Object.keys(changes).length ? [{ type: 'CategorySettingsChanged', data: { categoryId: current.id, changes } }] : [];
    }
    case 'RemoveCategory': {
      const current = category(tree, command.categoryId);
      const children = childrenOf(tree, current.id).length;
      const rooms = roomsIn(tree, current.id).length;
      if (children || rooms) {
        const parts = [children && `${children} sub-categor${children === 1 ? 'y' : 'ies'}`, rooms && `${rooms} room${rooms === 1 ? '' : 's'}`].filter(Boolean);
        throw new ConflictError(`category "${current.name}" is not empty: it has ${parts.join(' and ')}`);
      }
      return [{ type: 'CategoryRemoved', data: { categoryId: current.id } }];
    }
    case 'RegisterRoom': {
      category(tree, command.categoryId);
      const existing = tree.rooms.get(command.roomId);
      if (existing) {
        if (existing.categoryId === command.categoryId && existing.name === command.name.trim()) return [];
        throw new ConflictError(`room ${command.roomId} is already registered`);
      }
      assertUniqueRoomName(tree, command.categoryId, command.name);
      return [{ type: 'RoomRegistered', data: { roomId: command.roomId, categoryId: command.categoryId, name: command.name.trim() } }];
    }
    case 'ChangeRoomRegistration': {
      const existing = tree.rooms.get(command.roomId);
      if (!existing) throw new NotFoundError(`roomId: no room "${command.roomId}"`);
      const categoryId = command.categoryId ?? existing.categoryId;
      const name = command.name?.trim() ?? existing.name;
      if (categoryId === existing.categoryId && name === existing.name) return [];
      category(tree, categoryId);
      assertUniqueRoomName(tree, categoryId, name, command.roomId);
      return [{ type: 'RoomRegistrationChanged', data: { roomId: command.roomId, categoryId, name } }];
    }
    case 'UnregisterRoom':
      return tree.rooms.has(command.roomId) ? [{ type: 'RoomUnregistered', data: { roomId: command.roomId } }] : [];
    default:
      return assertNever(command);
  }
}

/**
 * Decides several commands as one: each sees the tree as the ones before it left it, and if any
 * fails, nothing is decided (a request that renames and moves a category is all or nothing).
 */
export function decideCategoryTreeAll(commands: readonly CategoryTreeCommand[], tree: CategoryTree): Out {
  const out: Out = [];
  let current = tree;
  for (const command of commands) {
    for (const decided of decideCategoryTree(command, current)) {
      out.push(decided);
      // evolveTree reads only the type and data of an event.
      current = evolveTree(current, decided as unknown as CategoryTreeEvent);
    }
  }
  return out;
}
