import type { Principal } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { Room } from '@parley/domain';
import type { Api } from './http.js';

export interface AuthzMeasure {
  categories: number;
  rooms: number;
  checks: number;
  /** Checks that answered yes, so the mix is not all trivial refusals. */
  allowed: number;
  ms: number;
}

type Ref = { kind: 'group' | 'user' | 'ou'; id: string } | { kind: 'everyone' };

/** Where a small directory lacks a team to wall off: an OU nobody is in, so the wall is still checked. */
const NOBODY: Ref = { kind: 'ou', id: 'ou=nobody,dc=parley,dc=test' };

/** Small, seedable, fast: the picks must cost little next to the checks. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

/**
 * A category tree over the synced directory, created through the API: a company-wide category
 * (group all-staff, three levels of nesting) with a sub-category per department group walling off
 * one of its teams, and a projects category below each walling off another; a category per
 * division OU with sub-categories per department OU; an open forum walling off a department's OU
 * and, below it, a department group; a board of twenty named users. Returns the category ids.
 */
export async function createCategoryTree(api: Api, state: DirectoryState): Promise<string[]> {
  const { view } = state;
  const named = (pattern: RegExp) => [...view.groups.values()].filter((g) => !g.removed && pattern.test(g.name)).sort((a, b) => a.name.localeCompare(b.name));
  const departments = named(/^department-\d+$/);
  const allStaff = named(/^all-staff$/)[0];
  if (!allStaff || departments.length === 0) throw new Error('the directory has no all-staff and department groups: give it more --groups');
  const ous = [...view.ous.values()];
  const ouNamed = (name: string) => ous.find((o) => o.name === name);
  const group = (id: string): Ref => ({ kind: 'group', id });
  const teams = (d: number) => [...departments[d]!.groups];
  const teamOr = (d: number, i: number, fallback: Ref): Ref => (teams(d)[i] ? group(teams(d)[i]!) : fallback);
  const ids: string[] = [];
  const create = async (name: string, parentId: string | null, lists: { allowed?: Ref[]; denied?: Ref[]; creators?: Ref[] }) => {
    const { id } = await api.expect<{ id: string }>(201, 'POST', '/v1/categories', { name, parentId, ...lists });
    ids.push(id);
    return id;
  };

  const company = await create('Company', null, { allowed: [group(allStaff.id)], creators: [group(departments[0]!.id)] });
  for (let d = 0; d < Math.min(10, departments.length); d++) {
    const dept = await create(departments[d]!.name, company, { allowed: [group(departments[d]!.id)], denied: [teamOr(d, 1, NOBODY)], creators: [teamOr(d, 0, group(departments[d]!.id))] });
    const ou = ouNamed(departments[d]!.name);
    await create(`${departments[d]!.name} projects`, dept, { denied: [teamOr(d, 2, NOBODY)], creators: ou ? [{ kind: 'ou', id: ou.dn }] : [] });
  }
  for (const division of ous.filter((o) => o.name.startsWith('division-')).slice(0, 10)) {
    const parent = await create(division.name, null, { allowed: [{ kind: 'ou', id: division.dn }], creators: [group(departments[0]!.id)] });
    for (const ou of ous.filter((o) => o.parentDn?.toLowerCase() === division.dn.toLowerCase()).slice(0, 2)) {
      const d = Math.max(0, departments.findIndex((g) => g.name === ou.name));
      await create(`${ou.name} (by OU)`, parent, { allowed: [{ kind: 'ou', id: ou.dn }], denied: [teamOr(d, 3, NOBODY)] });
    }
  }
  const lastOu = ouNamed(departments.at(-1)!.name);
  const forum = await create('Open forum', null, { allowed: [{ kind: 'everyone' }], denied: lastOu ? [{ kind: 'ou', id: lastOu.dn }] : [], creators: [group(allStaff.id)] });
  await create('Sales floor', forum, { denied: [group(departments.at(-1)!.id)] });
  const board = [...view.users.values()].filter((u) => u.source === 'directory').slice(0, 20);
  await create('Board', null, { allowed: board.map((u) => ({ kind: 'user', id: u.id })), creators: board.slice(0, 1).map((u) => ({ kind: 'user', id: u.id })) });
  return ids;
}

/** Three rooms per category: open; closed auditorium with groups, an OU and a user in its roles; secret with a team. */
export function roomsFor(state: DirectoryState, categoryIds: readonly string[]): Room[] {
  const pick = random(7);
  const teams = [...state.view.groups.values()].filter((g) => g.name.startsWith('team-')).map((g): Principal => ({ kind: 'group', id: g.id }));
  const ous = [...state.view.ous.values()].map((o): Principal => ({ kind: 'ou', id: o.dn }));
  const users = [...state.view.users.keys()];
  const any = <T>(items: readonly T[]) => items.slice(pick(items.length), 1);
  const room = (categoryId: string, i: number, privacy: Room['privacy'], roles: Pick<Room, 'members' | 'managers' | 'presenters'>, roomType: Room['roomType'] = 'normal'): Room => ({
    id: `${categoryId}-${i}`,
    categoryId,
    name: `room ${i}`,
    description: '',
    privacy,
    roomType,
    invitations: 'inherit',
    addinId: null,
    disclaimer: '',
    ...roles,
    disabled: false,
    removed: false,
    seq: 1,
  });
  return categoryIds.flatMap((c) => [
    room(c, 0, 'open', { members: [], managers: [], presenters: [] }),
    room(c, 1, 'closed', { members: [...any(teams), ...any(ous), ...any(users).map((id): Principal => ({ kind: 'user', id }))], managers: [], presenters: any(teams) }, 'auditorium'),
    room(c, 2, 'secret', { members: any(teams), managers: [], presenters: [] }),
  ]);
}

/**
 * Random (user, category) and (user, room) questions, in turn: Authorizer.inScope,
 * canCreateRoom, and RoomAccess.canSee, canRead, canPost. The first `warmUp` are not timed
 * (JIT, and each user's cached group closure).
 */
export function measureAuthz(state: DirectoryState, categoryIds: readonly string[], rooms: readonly Room[], checks: number, warmUp: number): AuthzMeasure {
  const users = [...state.view.users.keys()];
  const pick = random(42);
  const { authz, rooms: access } = state;
  const run = (n: number) => {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const user = users[pick(users.length)]!;
      const room = rooms[pick(rooms.length)]!;
      const category = categoryIds[pick(categoryIds.length)]!;
      let yes: boolean;
      switch (i % 5) {
        case 0:
          yes = authz.inScope(user, category);
          break;
        case 1:
          yes = authz.canCreateRoom(user, category);
          break;
        case 2:
          yes = access.canSee(user, room);
          break;
        case 3:
          yes = access.canRead(user, room);
          break;
        default:
          yes = access.canPost(user, room);
      }
      if (yes) allowed++;
    }
    return allowed;
  };
  run(warmUp);
  const started = performance.now();
  const allowed = run(checks);
  return { categories: categoryIds.length, rooms: rooms.length, checks, allowed, ms: performance.now() - started };
}
