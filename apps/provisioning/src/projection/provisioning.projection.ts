import { principalKey, type CategoryTreeEvent, type GroupEvent, type ParleyEvent, type Principal, type ServerEvent, type UserEvent } from '@parley/contracts';
import { assertNever } from '@parley/domain';
import type { StoredEvent } from '@parley/eventlog';
import type { ProjectionDefinition } from '@parley/projections';
import { BatchedWriter } from './batched-writer.js';
import { PROVISIONING_TABLES } from './tables.js';

const key = (s: string) => s.trim().toLowerCase();
const json = (value: unknown) => JSON.stringify(value);

function applyUser(w: BatchedWriter, event: UserEvent): void {
  const id = event.aggregateId;
  switch (event.type) {
    case 'UserProvisioned': {
      const d = event.data;
      w.replace('prov_users', 'id', {
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
      if (Object.keys(values).length) w.update('prov_users', values, { id });
      return;
    }
    case 'UserDisabled':
    case 'UserEnabled':
      w.update('prov_users', { enabled: event.type === 'UserEnabled' }, { id });
      return;
    case 'UserRemoved':
      w.update('prov_users', { removed: true, enabled: false }, { id });
      return;
    case 'UserPasswordChanged':
      return;
    default:
      assertNever(event);
  }
}

function applyGroup(w: BatchedWriter, event: GroupEvent): void {
  const id = event.aggregateId;
  switch (event.type) {
    case 'GroupProvisioned': {
      const d = event.data;
      w.remove('prov_group_members', { group_id: id });
      w.replace('prov_groups', 'id', { id, name: d.name, name_key: key(d.name), description: d.description, source: d.source, dn: d.dn, removed: false, member_count: 0 });
      return;
    }
    case 'GroupUpdated': {
      const c = event.data.changes;
      const values: Record<string, unknown> = {};
      if (c.name !== undefined) Object.assign(values, { name: c.name, name_key: key(c.name) });
      if (c.description !== undefined) values['description'] = c.description;
      if (c.dn !== undefined) values['dn'] = c.dn;
      if (Object.keys(values).length) w.update('prov_groups', values, { id });
      return;
    }
    case 'GroupMembersAdded':
      for (const m of event.data.members) w.insert('prov_group_members', { group_id: id, member_kind: m.kind, member_id: m.id });
      w.increment('prov_groups', 'member_count', event.data.members.length, { id });
      return;
    case 'GroupMembersRemoved':
      for (const m of event.data.members) w.remove('prov_group_members', { group_id: id, member_kind: m.kind, member_id: m.id });
      w.increment('prov_groups', 'member_count', -event.data.members.length, { id });
      return;
    case 'GroupRemoved':
      w.update('prov_groups', { removed: true }, { id });
      return;
    default:
      assertNever(event);
  }
}

async function applyTree(w: BatchedWriter, event: CategoryTreeEvent): Promise<void> {
  switch (event.type) {
    case 'CategoryCreated': {
      const d = event.data;
      w.insert('prov_categories', {
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
      w.update('prov_categories', event.data.changes, { id: event.data.categoryId });
      return;
    case 'CategoryMoved':
      w.update('prov_categories', { parent_id: event.data.parentId }, { id: event.data.categoryId });
      return;
    case 'CategoryScopeChanged': {
      const row = await w.readOne<Record<string, string>>('prov_categories', { id: event.data.categoryId });
      if (!row) return;
      const gone = new Set(event.data.removed.map(principalKey));
      const list = (JSON.parse(row[event.data.list]!) as Principal[]).filter((p) => !gone.has(principalKey(p)));
      const present = new Set(list.map(principalKey));
      for (const p of event.data.added) if (!present.has(principalKey(p))) list.push(p);
      w.update('prov_categories', { [event.data.list]: json(list) }, { id: event.data.categoryId });
      return;
    }
    case 'CategorySettingsChanged': {
      const row = await w.readOne<Record<string, string>>('prov_categories', { id: event.data.categoryId });
      if (!row) return;
      w.update('prov_categories', { settings: json({ ...JSON.parse(row['settings']!), ...event.data.changes }) }, { id: event.data.categoryId });
      return;
    }
    case 'CategoryRemoved':
      w.remove('prov_categories', { id: event.data.categoryId });
      return;
    case 'RoomRegistered':
    case 'RoomRegistrationChanged':
      w.replace('prov_room_registrations', 'room_id', { room_id: event.data.roomId, category_id: event.data.categoryId, name: event.data.name });
      return;
    case 'RoomUnregistered':
      w.remove('prov_room_registrations', { room_id: event.data.roomId });
      return;
    default:
      assertNever(event);
  }
}

async function applyServer(w: BatchedWriter, event: ServerEvent): Promise<void> {
  switch (event.type) {
    case 'ServerSettingsChanged': {
      const current = JSON.parse((await w.readOne<{ value: string }>('prov_settings', { name: 'server' }))?.value ?? '{}') as object;
      w.replace('prov_settings', 'name', { name: 'server', value: json({ ...current, ...event.data.changes }) });
      return;
    }
    case 'PolicySet':
    case 'PolicyCleared': {
      const t = event.data.target;
      const target = { target_kind: t.kind, target_id: t.kind === 'global' ? '*' : t.id };
      w.remove('prov_policies', target);
      if (event.type === 'PolicySet') w.insert('prov_policies', { ...target, enabled: event.data.persistentChatEnabled });
      return;
    }
    case 'AddinRegistered':
      w.insert('prov_addins', { id: event.data.addinId, name: event.data.name, url: event.data.url });
      return;
    case 'AddinUpdated':
      w.update('prov_addins', event.data.changes, { id: event.data.addinId });
      return;
    case 'AddinRemoved':
      w.remove('prov_addins', { id: event.data.addinId });
      return;
    case 'RoleGranted':
    case 'RoleRevoked': {
      const row = { role: event.data.role, principal_kind: event.data.principal.kind, principal_id: event.data.principal.id };
      w.remove('prov_roles', row);
      if (event.type === 'RoleGranted') w.insert('prov_roles', row);
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
 * A batch's writes go out together (see BatchedWriter): a directory sync is hundreds of thousands
 * of rows.
 */
export const provisioningProjection: ProjectionDefinition = {
  name: 'provisioning',
  tables: PROVISIONING_TABLES,
  async apply(tx, batch: readonly StoredEvent[], ctx) {
    const w = new BatchedWriter(tx, ctx);
    for (const { subject, event } of batch) {
      const kind = subject.split('.').at(-2);
      const e = event as ParleyEvent;
      if (kind === 'user') applyUser(w, e as UserEvent);
      else if (kind === 'group') applyGroup(w, e as GroupEvent);
      else if (kind === 'category') await applyTree(w, e as CategoryTreeEvent);
      else if (kind === 'server') await applyServer(w, e as ServerEvent);
    }
    await w.flush();
  },
};
