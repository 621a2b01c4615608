import { CATEGORY_TREE_ID, createParleyRegistry, SERVER_CONFIG_ID, Subjects, uuidv7, type AggregateKind, type ParleyEvent } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import { createDataSource, runInTransaction, runMigrations, type DataSourceConfig } from '@parley/projections';
import { createTestDatabase, tempSqliteFile } from '@parley/testing';
import type { DataSource } from 'typeorm';
import { provisioningProjection } from './provisioning.projection.js';
import { CreateProvisioningTables, PROVISIONING_TABLES } from './tables.js';

const registry = createParleyRegistry();
const subjects = new Subjects('');

/** Stored events as the log would deliver them: checked against their schemas, numbered per aggregate and in the stream. */
function history() {
  const seqs = new Map<string, number>();
  const out: StoredEvent[] = [];
  const add = (kind: AggregateKind, id: string, type: string, data: object) => {
    const seq = (seqs.get(`${kind}:${id}`) ?? 0) + 1;
    seqs.set(`${kind}:${id}`, seq);
    const event = registry.check({
      id: uuidv7(),
      type,
      v: 1,
      aggregateId: id,
      seq,
      actor: { kind: 'service', id: 'test' },
      occurredAt: new Date(0).toISOString(),
      correlationId: 'test',
      causationId: 'test',
      data,
    } as never) as ParleyEvent;
    out.push({ event, streamSeq: out.length + 1, subject: subjects.aggregate({ kind, id }) });
  };
  const user = (id: string, name: string, enabled = true) =>
    add('user', id, 'UserProvisioned', { source: 'directory', username: name, displayName: `${name} N`, email: `${name}@x.test`, externalId: id, dn: `uid=${name},dc=x`, ouDn: null, enabled });
  const group = (id: string, name: string) => add('group', id, 'GroupProvisioned', { source: 'local', name, description: '', externalId: null, dn: null });
  const members = (id: string, type: 'GroupMembersAdded' | 'GroupMembersRemoved', ids: string[]) =>
    add('group', id, type, { members: ids.map((m) => ({ kind: m.startsWith('g') ? 'group' : 'user', id: m })) });
  const tree = (type: string, data: object) => add('category', CATEGORY_TREE_ID, type, data);
  const server = (type: string, data: object) => add('server', SERVER_CONFIG_ID, type, data);

  // More rows than one statement takes, so that runs are split.
  const many = Array.from({ length: 400 }, (_, i) => `u${i}`);
  many.forEach((id) => user(id, id, id !== 'u3'));
  add('user', 'u1', 'UserUpdated', { changes: { displayName: 'One' } });
  add('user', 'u2', 'UserRemoved', { reason: 'directory' });
  add('user', 'u2', 'UserProvisioned', { source: 'local', username: 'two-again', displayName: 'Two', email: '', externalId: null, dn: null, ouDn: null, enabled: true });
  user('u400', 'late');
  add('user', 'u1', 'UserDisabled', { reason: 'administrator' });
  add('user', 'u1', 'UserEnabled', { reason: 'administrator' });
  add('user', 'u5', 'UserDisabled', { reason: 'directory' });
  group('g1', 'one');
  group('g2', 'two');
  members('g1', 'GroupMembersAdded', ['u1', 'u2', 'g2']);
  members('g2', 'GroupMembersAdded', many.slice(0, 350));
  members('g2', 'GroupMembersAdded', many.slice(350));
  members('g1', 'GroupMembersRemoved', ['u2']);
  members('g2', 'GroupMembersRemoved', many.slice(10, 380));
  add('group', 'g1', 'GroupUpdated', { changes: { name: 'uno' } });
  add('group', 'g2', 'GroupRemoved', {});
  group('g2', 'two-again');
  members('g2', 'GroupMembersAdded', ['u7']);

  const settings = { invitations: true, fileUpload: true, chatHistory: true };
  tree('CategoryCreated', { categoryId: 'c1', name: 'C1', description: '', parentId: null, allowed: [], denied: [], creators: [], settings });
  tree('CategoryCreated', { categoryId: 'c2', name: 'C2', description: '', parentId: 'c1', allowed: [], denied: [], creators: [], settings });
  tree('CategoryScopeChanged', { categoryId: 'c1', list: 'allowed', added: [{ kind: 'group', id: 'g1' }], removed: [] });
  tree('CategoryScopeChanged', { categoryId: 'c1', list: 'allowed', added: [{ kind: 'user', id: 'u9' }], removed: [{ kind: 'group', id: 'g1' }] });
  tree('CategorySettingsChanged', { categoryId: 'c1', changes: { fileUpload: false } });
  tree('CategorySettingsChanged', { categoryId: 'c1', changes: { chatHistory: false } });
  tree('CategoryUpdated', { categoryId: 'c1', changes: { name: 'First' } });
  tree('CategoryMoved', { categoryId: 'c2', parentId: null });
  tree('RoomRegistered', { roomId: 'r1', categoryId: 'c1', name: 'Room' });
  tree('RoomRegistrationChanged', { roomId: 'r1', categoryId: 'c2', name: 'Room 1' });
  tree('RoomRegistered', { roomId: 'r2', categoryId: 'c1', name: 'Gone' });
  tree('RoomUnregistered', { roomId: 'r2' });
  tree('CategoryCreated', { categoryId: 'c3', name: 'C3', description: '', parentId: null, allowed: [], denied: [], creators: [], settings });
  tree('CategoryRemoved', { categoryId: 'c3' });

  server('ServerSettingsChanged', { changes: { backchatSize: 50 } });
  server('ServerSettingsChanged', { changes: { maxFileSizeKb: 10 } });
  server('PolicySet', { target: { kind: 'global' }, persistentChatEnabled: false });
  server('PolicySet', { target: { kind: 'user', id: 'u1' }, persistentChatEnabled: true });
  server('PolicySet', { target: { kind: 'global' }, persistentChatEnabled: true });
  server('PolicyCleared', { target: { kind: 'user', id: 'u1' } });
  server('AddinRegistered', { addinId: 'a1', name: 'Add-in', url: 'https://example.test/' });
  server('AddinUpdated', { addinId: 'a1', changes: { name: 'Renamed' } });
  server('RoleGranted', { role: 'administrator', principal: { kind: 'user', id: 'u1' } });
  server('RoleRevoked', { role: 'administrator', principal: { kind: 'user', id: 'u1' } });
  server('RoleGranted', { role: 'administrator', principal: { kind: 'user', id: 'u1' } });
  server('RoleGranted', { role: 'compliance-officer', principal: { kind: 'group', id: 'g1' } });
  return out;
}

async function project(config: DataSourceConfig, batches: readonly (readonly StoredEvent[])[]): Promise<Record<string, unknown[]>> {
  const db: DataSource = createDataSource({ ...config, migrations: [CreateProvisioningTables] });
  await runMigrations(db);
  try {
    const context = { dialect: config.dialect, table: (name: string) => name };
    for (const batch of batches) await runInTransaction(db, (tx) => provisioningProjection.apply(tx, batch, context));
    const tables: Record<string, unknown[]> = {};
    for (const { name } of PROVISIONING_TABLES) {
      const rows = (await db.query(`SELECT * FROM ${name}`)) as Record<string, unknown>[];
      tables[name] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return tables;
  } finally {
    await db.destroy();
  }
}

const dialects: [string, () => Promise<{ config: DataSourceConfig; remove(): Promise<void> }>][] = [
  ['SQLite', async () => {
    const file = tempSqliteFile();
    return { config: { dialect: 'sqlite', file: file.path }, remove: async () => file.remove() };
  }],
  ['PostgreSQL', async () => {
    const db = await createTestDatabase();
    return { config: { dialect: 'postgres', url: db.url }, remove: () => db.drop() };
  }],
];

describe.each(dialects)('the provisioning projection on %s', (_, open) => {
  const events = history();

  it('gives the same tables whether events come one per batch or all in one', async () => {
    const [one, all] = [await open(), await open()];
    try {
      const byEvent = await project(one.config, events.map((e) => [e]));
      const together = await project(all.config, [events]);
      expect(together).toEqual(byEvent);

      const rows = (table: string) => together[table]!.map((row) => JSON.parse(row as string) as Record<string, unknown>);
      const users = new Map(rows('prov_users').map((u) => [u['id'], u]));
      expect(users.size).toBe(401);
      expect(users.get('u1')).toMatchObject({ display_name: 'One', username: 'u1' });
      expect(users.get('u2')).toMatchObject({ username: 'two-again', source: 'local' });
      expect([users.get('u3')!['enabled'], users.get('u5')!['enabled'], users.get('u1')!['enabled']].map(Boolean)).toEqual([false, false, true]);
      const members = rows('prov_group_members').map((m) => `${m['group_id']}>${m['member_id']}`).sort();
      expect(members).toEqual(['g1>g2', 'g1>u1', 'g2>u7']);
      const groups = new Map(rows('prov_groups').map((g) => [g['id'], g]));
      expect([Number(groups.get('g1')!['member_count']), Number(groups.get('g2')!['member_count'])]).toEqual([2, 1]);
      expect(groups.get('g1')).toMatchObject({ name: 'uno' });
      const categories = new Map(rows('prov_categories').map((c) => [c['id'], c]));
      expect([...categories.keys()].sort()).toEqual(['c1', 'c2']);
      expect(categories.get('c1')).toMatchObject({ name: 'First', allowed: JSON.stringify([{ kind: 'user', id: 'u9' }]) });
      expect(JSON.parse(categories.get('c1')!['settings'] as string)).toEqual({ invitations: true, fileUpload: false, chatHistory: false });
      expect(rows('prov_room_registrations')).toEqual([{ room_id: 'r1', category_id: 'c2', name: 'Room 1' }]);
      expect(JSON.parse(rows('prov_settings')[0]!['value'] as string)).toEqual({ backchatSize: 50, maxFileSizeKb: 10 });
      expect(rows('prov_policies').map((p) => [p['target_kind'], Boolean(p['enabled'])])).toEqual([['global', true]]);
      expect(rows('prov_addins')).toEqual([{ id: 'a1', name: 'Renamed', url: 'https://example.test/' }]);
      expect(rows('prov_roles').map((r) => `${r['role']}:${r['principal_id']}`).sort()).toEqual(['administrator:u1', 'compliance-officer:g1']);
    } finally {
      await Promise.all([one.remove(), all.remove()]);
    }
  });
});
