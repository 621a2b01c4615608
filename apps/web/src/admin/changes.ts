import type { CategorySettings, CategoryView, RoomView, UpdateCategoryRequest, UpdateRoomRequest } from '@parley/sdk';
import { listChange } from './principals.js';
import { field } from './use-admin.js';

/** A category's settings, as its form shows them (checkboxes named by key). */
export const CATEGORY_SETTINGS = [
  ['invitations', 'Invitations to new members'],
  ['fileUpload', 'File upload'],
  ['chatHistory', 'Chat history'],
] as const satisfies readonly (readonly [keyof CategorySettings, string])[];

/** What a room's edit form changes: only the fields that differ, lists as additions and removals. */
export function roomChanges(room: RoomView, data: FormData): UpdateRoomRequest {
  const changes: UpdateRoomRequest = {};
  for (const key of ['name', 'description', 'disclaimer', 'categoryId'] as const) if (field(data, key) !== room[key]) changes[key] = field(data, key);
  if (field(data, 'privacy') !== room.privacy) changes.privacy = field(data, 'privacy') as RoomView['privacy'];
  if (field(data, 'roomType') !== room.roomType) changes.roomType = field(data, 'roomType') as RoomView['roomType'];
  const addinId = field(data, 'addinId') || null;
  if (addinId !== room.addinId) changes.addinId = addinId;
  for (const key of ['members', 'managers', 'presenters'] as const) {
    const change = listChange(room[key], field(data, key));
    if (change) changes[key] = change;
  }
  return changes;
}

/** What a category's edit form changes: the same rule as rooms; settings as the ones that differ. */
export function categoryChanges(category: CategoryView, data: FormData): UpdateCategoryRequest {
  const changes: UpdateCategoryRequest = {};
  for (const key of ['name', 'description'] as const) if (field(data, key) !== category[key]) changes[key] = field(data, key);
  const parentId = field(data, 'parentId') || null;
  if (parentId !== category.parentId) changes.parentId = parentId;
  const settings = CATEGORY_SETTINGS.filter(([key]) => (data.get(key) === 'on') !== category.settings[key]);
  if (settings.length) changes.settings = Object.fromEntries(settings.map(([key]) => [key, !category.settings[key]]));
  for (const key of ['allowed', 'denied', 'creators'] as const) {
    const change = listChange(category[key], field(data, key));
    if (change) changes[key] = change;
  }
  return changes;
}

/** The categories another may move under: any but itself and its sub-categories (which would make a cycle). */
export function parentChoices(categories: readonly CategoryView[], moving: CategoryView): CategoryView[] {
  const parentOf = new Map(categories.map((c) => [c.id, c.parentId]));
  const below = (id: string | null): boolean => id !== null && (id === moving.id || below(parentOf.get(id) ?? null));
  return categories.filter((c) => !below(c.id));
}
