import { NotFoundError, ValidationError, type CategoryView, type PrincipalView, type Role, type UserView } from '@parley/contracts';
import type { DataSource, SelectQueryBuilder } from 'typeorm';

interface UserRow {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  email: string;
  source: 'local' | 'directory';
  enabled: unknown;
  removed: unknown;
  dn: string | null;
}

interface GroupRow {
  id: string;
  name: string;
  name_key: string;
  description: string;
  source: 'local' | 'directory';
  dn: string | null;
  member_count: unknown;
}

interface CategoryRow {
  id: string;
  name: string;
  description: string;
  parent_id: string | null;
  allowed: string;
  denied: string;
  creators: string;
  settings: string;
}

/** Keyset cursors: the last item's sort key and id, opaque to clients. */
const cursor = {
  encode: (sortKey: string, id: string) => Buffer.from(JSON.stringify([sortKey, id])).toString('base64url'),
  decode: (text: string): [string, string] => {
    try {
      const value = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown;
      if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
    } catch {
      // fall through
    }
    throw new ValidationError('invalid query', [{ path: 'after', message: 'is not a cursor this server gave out' }]);
  },
};

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * The admin API's reads, from provisioning's SQL projection. Lists page by keyset (never OFFSET);
 * searches match prefixes of lower-cased keys, with LIKE metacharacters escaped.
 */
export class ProvisioningQueries {
  constructor(private readonly db: DataSource) {}

  async users(filter: {
    q?: string | undefined;
    username?: string | undefined;
    source?: 'local' | 'directory' | undefined;
    enabled?: boolean | undefined;
    limit: number;
    after?: string | undefined;
  }): Promise<Page<UserView>> {
    const qb = this.db.createQueryBuilder().select('u.*').from('prov_users', 'u').where('u.removed = :removed', { removed: false });
    if (filter.username) qb.andWhere('u.username_key = :username', { username: filter.username.trim().toLowerCase() });
    if (filter.q) {
      const prefix = `${escapeLike(filter.q.trim().toLowerCase())}%`;
      qb.andWhere("(u.username_key LIKE :prefix ESCAPE '\\' OR u.display_key LIKE :prefix ESCAPE '\\' OR u.email_key LIKE :prefix ESCAPE '\\')", { prefix });
    }
    if (filter.source) qb.andWhere('u.source = :source', { source: filter.source });
    if (filter.enabled !== undefined) qb.andWhere('u.enabled = :enabled', { enabled: filter.enabled });
    const rows = await this.page<UserRow>(qb, 'u.username_key', 'u.id', filter);
    const roles = await this.rolesOfUsers(rows.items.map((r) => r.id));
    return { items: rows.items.map((r) => this.userView(r, roles.get(r.id) ?? [])), next: rows.next };
  }

  async user(id: string): Promise<UserView & { groupIds: string[] }> {
    const row = await this.db.createQueryBuilder().select('u.*').from('prov_users', 'u').where('u.id = :id AND u.removed = :removed', { id, removed: false }).getRawOne<UserRow>();
    if (!row) throw new NotFoundError(`no user ${id}`);
    const groups = await this.db
      .createQueryBuilder()
      .select('m.group_id', 'group_id')
      .from('prov_group_members', 'm')
      .where('m.member_kind = :kind AND m.member_id = :id', { kind: 'user', id })
      .getRawMany<{ group_id: string }>();
    const roles = await this.rolesOfUsers([id]);
    return { ...this.userView(row, roles.get(id) ?? []), groupIds: groups.map((g) => g.group_id) };
  }

  async groups(filter: { q?: string | undefined; limit: number; after?: string | undefined }) {
    const qb = this.db.createQueryBuilder().select('g.*').from('prov_groups', 'g').where('g.removed = :removed', { removed: false });
    if (filter.q) qb.andWhere("g.name_key LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(filter.q.trim().toLowerCase())}%` });
    const rows = await this.page<GroupRow>(qb, 'g.name_key', 'g.id', filter);
    return { items: rows.items.map((r) => this.groupView(r)), next: rows.next };
  }

  async group(id: string) {
    const row = await this.db.createQueryBuilder().select('g.*').from('prov_groups', 'g').where('g.id = :id AND g.removed = :removed', { id, removed: false }).getRawOne<GroupRow>();
    if (!row) throw new NotFoundError(`no group ${id}`);
    const members = await this.db
      .createQueryBuilder()
      .select(['m.member_kind AS kind', 'm.member_id AS id'])
      .from('prov_group_members', 'm')
      .where('m.group_id = :id', { id })
      .getRawMany<{ kind: 'user' | 'group'; id: string }>();
    return { ...this.groupView(row), members: await this.labels(members) };
  }

  async categories(): Promise<CategoryView[]> {
    const rows = await this.db.createQueryBuilder().select('c.*').from('prov_categories', 'c').getRawMany<CategoryRow>();
    const rooms = await this.db
      .createQueryBuilder()
      .select(['r.category_id AS category_id', 'COUNT(*) AS n'])
      .from('prov_room_registrations', 'r')
      .groupBy('r.category_id')
      .getRawMany<{ category_id: string; n: unknown }>();
    const roomCount = new Map(rooms.map((r) => [r.category_id, Number(r.n)]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const path = (row: CategoryRow): string[] => {
      const names: string[] = [];
      for (let c: CategoryRow | undefined = row; c && names.length < 64; c = c.parent_id ? byId.get(c.parent_id) : undefined) names.unshift(c.name);
      return names;
    };
    const principals = rows.flatMap((r) => [r.allowed, r.denied, r.creators].flatMap((list) => JSON.parse(list) as { kind: string; id: string }[]));
    const labelled = new Map((await this.labels(principals)).map((p) => [`${p.kind}:${p.id}`, p]));
    const view = (list: string) => (JSON.parse(list) as { kind: string; id: string }[]).map((p) => labelled.get(`${p.kind}:${p.id}`)!);
    return rows
      .map((r) => ({
        id: r.id,
        name: r.name,
        description: r.description,
        parentId: r.parent_id,
        path: path(r),
        allowed: view(r.allowed),
        denied: view(r.denied),
        creators: view(r.creators),
        settings: JSON.parse(r.settings) as CategoryView['settings'],
        roomCount: roomCount.get(r.id) ?? 0,
        childCount: rows.filter((c) => c.parent_id === r.id).length,
      }))
      .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
  }

  async category(id: string): Promise<CategoryView> {
    const found = (await this.categories()).find((c) => c.id === id);
    if (!found) throw new NotFoundError(`no category ${id}`);
    return found;
  }

  async settings(): Promise<Record<string, unknown>> {
    const row = await this.db.createQueryBuilder().select('s.value', 'value').from('prov_settings', 's').where('s.name = :name', { name: 'server' }).getRawOne<{ value: string }>();
    return row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  }

  async policies() {
    const rows = await this.db.createQueryBuilder().select('p.*').from('prov_policies', 'p').getRawMany<{ target_kind: 'global' | 'user' | 'group'; target_id: string; enabled: unknown }>();
    const labels = new Map((await this.labels(rows.filter((r) => r.target_kind !== 'global').map((r) => ({ kind: r.target_kind, id: r.target_id })))).map((p) => [`${p.kind}:${p.id}`, p.label]));
    return rows.map((r) => ({
      target: r.target_kind === 'global' ? { kind: 'global' as const } : { kind: r.target_kind, id: r.target_id, label: labels.get(`${r.target_kind}:${r.target_id}`) ?? r.target_id },
      persistentChatEnabled: bool(r.enabled),
    }));
  }

  async addins() {
    return this.db.createQueryBuilder().select(['a.id AS id', 'a.name AS name', 'a.url AS url']).from('prov_addins', 'a').orderBy('a.name').getRawMany<{ id: string; name: string; url: string }>();
  }

  async roles() {
    const rows = await this.db.createQueryBuilder().select('r.*').from('prov_roles', 'r').getRawMany<{ role: Role; principal_kind: 'user' | 'group'; principal_id: string }>();
    const labels = new Map((await this.labels(rows.map((r) => ({ kind: r.principal_kind, id: r.principal_id })))).map((p) => [`${p.kind}:${p.id}`, p]));
    return rows.map((r) => ({ role: r.role, principal: labels.get(`${r.principal_kind}:${r.principal_id}`)! }));
  }

  /** Labels principals: user names, group names, OU DNs, `everyone`. Unknown ids keep their id as label. */
  async labels(principals: readonly { kind: string; id: string }[]): Promise<PrincipalView[]> {
    const ids = (kind: string) => [...new Set(principals.filter((p) => p.kind === kind).map((p) => p.id))];
    const names = new Map<string, string>();
    for (const [kind, table, column] of [['user', 'prov_users', 'username'], ['group', 'prov_groups', 'name']] as const) {
      const wanted = ids(kind);
      for (let i = 0; i < wanted.length; i += 500) {
        const rows = await this.db.createQueryBuilder().select(['t.id AS id', `t.${column} AS label`]).from(table, 't').where('t.id IN (:...ids)', { ids: wanted.slice(i, i + 500) }).getRawMany<{ id: string; label: string }>();
        for (const r of rows) names.set(`${kind}:${r.id}`, r.label);
      }
    }
    return principals.map((p) => ({
      kind: p.kind as PrincipalView['kind'],
      id: p.id,
      label: p.kind === 'everyone' ? 'everyone' : p.kind === 'ou' ? p.id : (names.get(`${p.kind}:${p.id}`) ?? p.id),
    }));
  }

  private async page<R extends { id: string }>(qb: SelectQueryBuilder<object>, sortColumn: string, idColumn: string, filter: { limit: number; after?: string | undefined }): Promise<Page<R>> {
    if (filter.after) {
      const [sortKey, id] = cursor.decode(filter.after);
      qb.andWhere(`(${sortColumn} > :sortKey OR (${sortColumn} = :sortKey AND ${idColumn} > :afterId))`, { sortKey, afterId: id });
    }
    const rows = await qb.orderBy(sortColumn, 'ASC').addOrderBy(idColumn, 'ASC').limit(filter.limit + 1).getRawMany<R>();
    const more = rows.length > filter.limit;
    const items = more ? rows.slice(0, filter.limit) : rows;
    const last = items.at(-1) as (R & Record<string, string>) | undefined;
    const sortField = sortColumn.split('.')[1]!;
    return { items, next: more && last ? cursor.encode(last[sortField]!, last.id) : null };
  }

  private async rolesOfUsers(ids: readonly string[]): Promise<Map<string, Role[]>> {
    const out = new Map<string, Role[]>();
    if (!ids.length) return out;
    const rows = await this.db
      .createQueryBuilder()
      .select(['r.role AS role', 'r.principal_id AS id'])
      .from('prov_roles', 'r')
      .where('r.principal_kind = :kind AND r.principal_id IN (:...ids)', { kind: 'user', ids })
      .getRawMany<{ role: Role; id: string }>();
    for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.role]);
    return out;
  }

  private userView(r: UserRow, roles: Role[]): UserView {
    return { id: r.id, username: r.username, displayName: r.display_name, email: r.email, source: r.source, enabled: bool(r.enabled), dn: r.dn, roles };
  }

  private groupView(r: GroupRow) {
    return { id: r.id, name: r.name, description: r.description, source: r.source, dn: r.dn, memberCount: Number(r.member_count) };
  }
}
