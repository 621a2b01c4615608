import type { CategoryView, RoomView } from '@parley/sdk';
import { categoryChanges, parentChoices, roomChanges } from './changes.js';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

const category = (id: string, parentId: string | null, extra: Partial<CategoryView> = {}): CategoryView => ({
  id,
  name: id,
  description: '',
  parentId,
  path: [id],
  allowed: [],
  denied: [],
  creators: [],
  settings: { invitations: true, fileUpload: true, chatHistory: true },
  roomCount: 0,
  childCount: 0,
  ...extra,
});

const room: RoomView = {
  id: 'r1',
  uri: 'parley://room/r1',
  categoryId: 'c1',
  name: 'Standup',
  description: '',
  privacy: 'open',
  roomType: 'normal',
  invitations: 'inherit',
  addinId: null,
  disclaimer: '',
  members: [],
  managers: [{ kind: 'user', id: 'u1', label: 'admin' }],
  presenters: [],
  disabled: false,
};
const roomForm = (fields: Record<string, string>) => form({ name: 'Standup', description: '', privacy: 'open', roomType: 'normal', disclaimer: '', categoryId: 'c1', addinId: '', members: '', managers: 'admin', presenters: '', ...fields });

describe('what an edit form changes', () => {
  it('sends nothing for a room as it is', () => {
    expect(roomChanges(room, roomForm({}))).toEqual({});
  });

  it('moves a room, and gives it an add-in or takes it away', () => {
    expect(roomChanges(room, roomForm({ categoryId: 'c2', addinId: 'a1' }))).toEqual({ categoryId: 'c2', addinId: 'a1' });
    expect(roomChanges({ ...room, addinId: 'a1' }, roomForm({ addinId: '' }))).toEqual({ addinId: null });
  });

  it('sends a category’s renamed fields, its new parent, the settings turned over and the lists retyped', () => {
    const sales = category('c2', null, { settings: { invitations: true, fileUpload: false, chatHistory: true }, allowed: [{ kind: 'everyone', id: '*', label: 'everyone' }] });
    const unchanged = form({ name: 'c2', description: '', parentId: '', allowed: 'everyone', denied: '', creators: '', invitations: 'on', chatHistory: 'on' });
    expect(categoryChanges(sales, unchanged)).toEqual({});
    const changed = form({ name: 'Sales', description: 'Deals', parentId: 'c1', allowed: 'group:Sales', denied: '', creators: 'grace', fileUpload: 'on' });
    expect(categoryChanges(sales, changed)).toEqual({
      name: 'Sales',
      description: 'Deals',
      parentId: 'c1',
      settings: { invitations: false, chatHistory: false, fileUpload: true },
      allowed: { add: [{ kind: 'group', name: 'Sales' }], remove: [{ kind: 'everyone' }] },
      creators: { add: [{ kind: 'user', name: 'grace' }], remove: [] },
    });
    expect(categoryChanges(category('c3', 'c1'), form({ name: 'c3', parentId: '', invitations: 'on', fileUpload: 'on', chatHistory: 'on' }))).toEqual({ parentId: null });
  });

  it('offers as parents every category but the one moved and those below it', () => {
    const tree = [category('a', null), category('b', 'a'), category('c', 'b'), category('d', null), category('e', 'd')];
    expect(parentChoices(tree, tree[1]!).map((c) => c.id)).toEqual(['a', 'd', 'e']);
    expect(parentChoices(tree, tree[3]!).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});
