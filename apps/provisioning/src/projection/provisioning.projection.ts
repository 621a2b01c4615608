import { principalKey, type CategoryTreeEvent, type GroupEvent, type ParleyEvent, type Principal, type ServerEvent, type UserEvent } from '@parley/contracts';
import { assertNever } from '@parley/domain';
import type { StoredEvent } from '@parley/eventlog';
import type { ApplyContext, ProjectionDefinition } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { PROVISIONING_TABLES } from './tables.js';

const key = (s: string) => s.trim().toLowerCase();
const json = (value: unknown) => JSON.stringify(value);

type Writer = {
  insert(table: string, row: Record<string, unknown>): Promise<void>;
  update(table: string, values: Record<string, unknown>, where: Record<string, unknown>): Promise<void>;
  remove(table: string, where: Record<string, unknown>): Promise<void>;
};

function writer(tx: EntityManager, ctx: ApplyContext): Writer {
  const whereOf = (where: Record<string, unknown>) => Object.keys(where).map((k) => `${k} = :${k}`).join(' AND ');
  return {
    insert: async (table, row) => void (await tx.createQueryBuilder().insert().into(ctx.table(table), Object.keys(row)).values(row).execute()),
    update: async (table, values, where) => void (await tx.createQueryBuilder().update(ctx.table(table)).set(values).where(whereOf(where), where).execute()),
    remove: async (table, where) => void (await tx.createQueryBuilder().delete().from(ctx.table(table)).where(whereOf(where), where).execute()),
  };
}

async function applyUser(w: Writer, event: UserEvent): Promise<void> {
  const id = event.aggregateId;
  switch (event.type) {
    case 'UserProvisioned': {
      const d = event.data;
      await w.remove('prov_users', { id });
      await w.insert('prov_users', {
        id,
        username: d.username,
        username_key: key(d.username),
        display_name: d.displayName,
        display_key: key(d.displayName),
        email: d.email,
        email_key: key(d.email),
        source: d.source,
        enabled: d.enabled,
        removed: false,
        dn: d.dn,
        external_id: d.externalId,
      });
      return;
    }
    case 'UserUpdated': {
      const c = event.data.changes;
      const values: Record<string, unknown> = {};
      if (c.username !== undefined) Object.assign(values, { username: c.username, username_key: key(c.username) });
      if (c.displayName !== undefined) Object.assign(values, { display_name: c.displayName, display_key: key(c.displayName) });
      if (c.email !== undefined) Object.assign(values, { email: c.email, email_key: key(c.email) });
      if (c.dn !== undefined) values['dn'] = c.dn;
      if (Object.keys(values).length) await w.update('prov_users', values, { id });
      return;
    }
    case 'UserDisabled':
    case 'UserEnabled':
      await w.update('prov_users', { enabled: event.type === 'UserEnabled' }, { id });
      return;
    case 'UserRemoved':
      await w.update('prov_users', { removed: true, enabled: false }, { id });
      return;
    case 'UserPasswordChanged':
      return;
    default:
      assertNever(event);
  }
}

async function applyGroup(tx: EntityManager, ctx: ApplyContext, w: Writer, event: GroupEvent): Promise<void> {
  const id = event.aggregateId;
  switch (event.type) {
    case 'GroupProvisioned': {
      const d = event.data;
      await w.remove('prov_groups', { id });
      await w.remove('prov_group_members', { group_id: id });
      await w.insert('prov_groups', { id, name: d.name, name_key: key(d.name), description: d.description, source: d.source, dn: d.dn, removed: false, member_count: 0 });
      return;
    }
    case 'GroupUpdated': {
      const c = event.data.changes;
      const values: Record<string, unknown> = {};
      if (c.name !== undefined) Object.assign(values, { name: c.name, name_key: key(c.name) });
      if (c.description !== undefined) values['description'] = c.description;
      if (c.dn !== undefined) values['dn'] = c.dn;
      if (Object.keys(values).length) await w.update('prov_groups', values, { id });
      return;
    }
    case 'GroupMembersAdded':
      for (const m of event.data.members) await w.insert('prov_group_members', { group_id: id, member_kind: m.kind, member_id: m.id });
      await updateMemberCount(tx, ctx, id, event.data.members.length);
      return;
    case 'GroupMembersRemoved':
      for (const m of event.data.members) await w.remove('prov_group_members', { group_id: id, member_kind: m.kind, member_id: m.id });
      await updateMemberCount(tx, ctx, id, -event.data.members.length);
      return;
    case 'GroupRemoved':
      await w.update('prov_groups', { removed: true }, { id });
      return;
    default:
      assertNever(event);
  }
}

async function updateMemberCount(tx: EntityManager, ctx: ApplyContext, id: string, delta: number): Promise<void> {
  await tx
    .createQueryBuilder()
    .update(ctx.table('prov_groups'))
    .set({ member_count: () => `member_count + ${Math.trunc(delta)}` })
    .where('id = :id', { id })
    .execute();
}

async function applyTree(w: Writer, event: CategoryTreeEvent, read: (id: string) => Promise<Record<string, string> | undefined>): Promise<void> {
  switch (event.type) {
    case 'CategoryCreated': {
      const d = event.data;
      await w.insert('prov_categories', {
        id: d.categoryId,
        name: d.name,
        description: d.description,
        parent_id: d.parentId,
        allowed: json(d.allowed),
        denied: json(d.denied),
        creators: json(d.creators),
        settings: json(d.settings),
      });
      return;
    }
    case 'CategoryUpdated':
      await w.update('prov_categories', event.data.changes, { id: event.data.categoryId });
      return;
    case 'CategoryMoved':
      await w.update('prov_categories', { parent_id: event.data.parentId }, { id: event.data.categoryId });
      return;
    case 'CategoryScopeChanged': {
      const row = await read(event.data.categoryId);
      if (!row) return;
      const gone = new Set(event.data.removed.map(principalKey));
      const list = (JSON.parse(row[event.data.list]!) as Principal[]).filter((p) => !gone.has(principalKey(p)));
      const present = new Set(list.map(principalKey));
      for (const p of event.data.added) if (!present.has(principalKey(p))) list.push(p);
      await w.update('prov_categories', { [event.data.list]: json(list) }, { id: event.data.categoryId });
      return;
    }
    case 'CategorySettingsChanged': {
      const row = await read(event.data.categoryId);
      if (!row) return;
      await w.update('prov_categories', { settings: json({ ...JSON.parse(row['settings']!), ...event.data.changes }) }, { id: event.data.categoryId });
      return;
    }
    case 'CategoryRemoved':
      await w.remove('prov_categories', { id: event.data.categoryId });
      return;
    case 'RoomRegistered':
    case 'RoomRegistrationChanged':
      await w.remove('prov_room_registrations', { room_id: event.data.roomId });
      await w.insert('prov_room_registrations', { room_id: event.data.roomId, category_id: event.data.categoryId, name: event.data.name });
      return;
    case 'RoomUnregistered':
      await w.remove('prov_room_registrations', { room_id: event.data.roomId });
      return;
    default:
      assertNever(event);
  }
}

async function applyServer(w: Writer, event: ServerEvent, read: (name: string) => Promise<string | undefined>): Promise<void> {
  switch (event.type) {
    case 'ServerSettingsChanged': {
      const current = JSON.parse((await read('server')) ?? '{}') as object;
      await w.remove('prov_settings', { name: 'server' });
      await w.insert('prov_settings', { name: 'server', value: json({ ...current, ...event.data.changes }) });
      return;
    }
    case 'PolicySet':
    case 'PolicyCleared': {
      const t = event.data.target;
      const target = { target_kind: t.kind, target_id: t.kind === 'global' ? '*' : t.id };
      await w.remove('prov_policies', target);
      if (event.type === 'PolicySet') await w.insert('prov_policies', { ...target, enabled: event.data.persistentChatEnabled });
      return;
    }
    case 'AddinRegistered':
      await w.insert('prov_addins', { id: event.data.addinId, name: event.data.name, url: event.data.url });
      return;
    case 'AddinUpdated':
      await w.update('prov_addins', event.data.changes, { id: event.data.addinId });
      return;
    case 'AddinRemoved':
      await w.remove('prov_addins', { id: event.data.addinId });
      return;
    case 'RoleGranted':
    case 'RoleRevoked': {
      const row = { role: event.data.role, principal_kind: event.data.principal.kind, principal_id: event.data.principal.id };
      await w.remove('prov_roles', row);
      if (event.type === 'RoleGranted') await w.insert('prov_roles', row);
      return;
    }
    case 'OrganizationalUnitAdded':
    case 'OrganizationalUnitChanged':
    case 'OrganizationalUnitRemoved':
    case 'DirectorySynced':
      return;
    default:
      assertNever(event);
  }
}

/**
 * Provisioning's read model: users, groups and memberships, the category tree and its room
 * registrations, server settings, policies, add-ins and roles, in SQL, for the admin API's queries.
 */
export const provisioningProjection: ProjectionDefinition = {
  name: 'provisioning',
  tables: PROVISIONING_TABLES,
  async apply(tx, batch: readonly StoredEvent[], ctx) {
    const w = writer(tx, ctx);
    const readCategory = async (id: string) =>
      (await tx.createQueryBuilder().select('*').from(ctx.table('prov_categories'), 'c').where('c.id = :id', { id }).getRawOne<Record<string, string>>()) ?? undefined;
    const readSetting = async (name: string) =>
      (await tx.createQueryBuilder().select('value').from(ctx.table('prov_settings'), 's').where('s.name = :name', { name }).getRawOne<{ value: string }>())?.value;
    for (const { subject, event } of batch) {
      const kind = subject.split('.').at(-2);
      const e = event as ParleyEvent;
      if (kind === 'user') await applyUser(w, e as UserEvent);
      else if (kind === 'group') await applyGroup(tx, ctx, w, e as GroupEvent);
      else if (kind === 'category') await applyTree(w, e as CategoryTreeEvent, readCategory);
      else if (kind === 'server') await applyServer(w, e as ServerEvent, readSetting);
    }
  },
};
