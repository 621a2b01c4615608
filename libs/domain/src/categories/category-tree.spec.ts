import { ConflictError, NotFoundError, ValidationError, type Principal } from '@parley/contracts';
import { stored } from '../test-events.fixture.js';
import { EMPTY_TREE, evolveTree, type CategoryTree } from './category-tree.js';
import { decideCategoryTree, type CategoryTreeCommand } from './category-tree.decide.js';

const everyone: Principal = { kind: 'everyone', id: '*' };
const create = (categoryId: string, name: string, parentId: string | null = null, extra: Partial<CategoryTreeCommand> = {}): CategoryTreeCommand =>
  ({ type: 'CreateCategory', categoryId, name, description: '', parentId, allowed: [everyone], denied: [], creators: [], ...extra }) as CategoryTreeCommand;

/** given commands (applied in order), when a command → the events it decides. */
function given(...commands: CategoryTreeCommand[]): { tree: CategoryTree; when(c: CategoryTreeCommand): ReturnType<typeof decideCategoryTree> } {
  let tree = EMPTY_TREE;
  for (const c of commands) for (const e of stored<'category'>('tree', decideCategoryTree(c, tree))) tree = evolveTree(tree, e);
  return { tree, when: (c) => decideCategoryTree(c, tree) };
}

describe('the category tree', () => {
  it('creates a category with default settings, and a child inheriting its parent’s', () => {
    const root = given().when(create('eng', 'Engineering', null, { settings: { fileUpload: false } } as Partial<CategoryTreeCommand>));
    expect(root).toEqual([
      {
        type: 'CategoryCreated',
        data: expect.objectContaining({ categoryId: 'eng', name: 'Engineering', settings: { invitations: true, fileUpload: false, chatHistory: true } }),
      },
    ]);
    const child = given(create('eng', 'Engineering', null, { settings: { fileUpload: false } } as Partial<CategoryTreeCommand>)).when(create('be', 'Backend', 'eng'));
    expect(child[0]!.data).toMatchObject({ parentId: 'eng', settings: { fileUpload: false } });
  });

  it('refuses a duplicate name among siblings (case-insensitive), but allows it elsewhere', () => {
    const g = given(create('eng', 'Engineering'), create('be', 'Backend', 'eng'));
    expect(() => g.when(create('x', ' engineering '))).toThrow(ConflictError);
    expect(() => g.when(create('x', 'BACKEND', 'eng'))).toThrow(/a category named "Backend" already exists in category "Engineering"/);
    expect(g.when(create('x', 'Backend'))).toHaveLength(1);
  });

  it('refuses a missing parent, naming the field', () => {
    expect(() => given().when(create('x', 'X', 'nope'))).toThrow(new NotFoundError('parentId: no category "nope"'));
  });

  it('refuses a move that would make a cycle, and one under a missing parent', () => {
    const g = given(create('a', 'A'), create('b', 'B', 'a'), create('c', 'C', 'b'));
    expect(() => g.when({ type: 'MoveCategory', categoryId: 'a', parentId: 'c' })).toThrow(ValidationError);
    expect(() => g.when({ type: 'MoveCategory', categoryId: 'a', parentId: 'a' })).toThrow(/parentId: is the category itself or one of its sub-categories/);
    expect(g.when({ type: 'MoveCategory', categoryId: 'c', parentId: null })).toEqual([{ type: 'CategoryMoved', data: { categoryId: 'c', parentId: null } }]);
    expect(g.when({ type: 'MoveCategory', categoryId: 'c', parentId: 'b' })).toEqual([]);
  });

  it('limits depth', () => {
    const chain = Array.from({ length: 16 }, (_, i) => create(`c${i}`, `C${i}`, i ? `c${i - 1}` : null));
    expect(() => given(...chain).when(create('deep', 'Deep', 'c15'))).toThrow(/categories nest at most 16 deep/);
  });

  it('changes scope lists idempotently', () => {
    const g = given(create('a', 'A'));
    const u1: Principal = { kind: 'user', id: 'u1' };
    expect(g.when({ type: 'ChangeCategoryScope', categoryId: 'a', list: 'denied', add: [u1, u1], remove: [] })).toEqual([
      { type: 'CategoryScopeChanged', data: { categoryId: 'a', list: 'denied', added: [u1], removed: [] } },
    ]);
    expect(g.when({ type: 'ChangeCategoryScope', categoryId: 'a', list: 'allowed', add: [everyone], remove: [] })).toEqual([]);
  });

  it('removes only an empty category', () => {
    const g = given(create('a', 'A'), create('b', 'B', 'a'), { type: 'RegisterRoom', roomId: 'r1', categoryId: 'a', name: 'General' });
    expect(() => g.when({ type: 'RemoveCategory', categoryId: 'a' })).toThrow('category "A" is not empty: it has 1 sub-category and 1 room');
    expect(g.when({ type: 'RemoveCategory', categoryId: 'b' })).toEqual([{ type: 'CategoryRemoved', data: { categoryId: 'b' } }]);
  });

  it('keeps room names unique per category', () => {
    const g = given(create('a', 'A'), create('b', 'B'), { type: 'RegisterRoom', roomId: 'r1', categoryId: 'a', name: 'General' });
    expect(() => g.when({ type: 'RegisterRoom', roomId: 'r2', categoryId: 'a', name: 'general' })).toThrow(/a room named "General" already exists in category "A"/);
    expect(g.when({ type: 'RegisterRoom', roomId: 'r2', categoryId: 'b', name: 'General' })).toHaveLength(1);
    expect(g.when({ type: 'RegisterRoom', roomId: 'r1', categoryId: 'a', name: 'General' })).toEqual([]);
    expect(() => g.when({ type: 'ChangeRoomRegistration', roomId: 'r1', categoryId: 'nope' })).toThrow(NotFoundError);
  });
});
