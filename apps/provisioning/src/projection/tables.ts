import { createTablesMigration, type ProjectionTable } from '@parley/projections';

/** The same column list in each dialect, with that dialect's types. */
type Types = { text: (n?: number) => string; bool: string; bigint: string; longText: string };
const types: Record<'sqlite' | 'postgres' | 'mssql', Types> = {
  sqlite: { text: () => 'text', bool: 'boolean', bigint: 'bigint', longText: 'text' },
  postgres: { text: (n) => (n ? `varchar(${n})` : 'text'), bool: 'boolean', bigint: 'bigint', longText: 'text' },
  mssql: { text: (n) => `nvarchar(${n ?? 'max'})`, bool: 'bit', bigint: 'bigint', longText: 'nvarchar(max)' },
};

function table(name: string, columns: (t: Types) => string, indexes: [suffix: string, columns: string][] = []): ProjectionTable {
  return {
    name,
    create: ({ table: actual, index }) => {
      const statements = (t: Types) => [`CREATE TABLE ${actual} (${columns(t)})`, ...indexes.map(([suffix, cols]) => `CREATE INDEX ${index(suffix)} ON ${actual} (${cols})`)];
      return { sqlite: statements(types.sqlite), postgres: statements(types.postgres), mssql: statements(types.mssql) };
    },
  };
}

export const usersTable = table(
  'prov_users',
  (t) => `id ${t.text(128)} NOT NULL PRIMARY KEY, username ${t.text(256)} NOT NULL, username_key ${t.text(256)} NOT NULL,
    display_name ${t.text(256)} NOT NULL, display_key ${t.text(256)} NOT NULL, email ${t.text(320)} NOT NULL, email_key ${t.text(320)} NOT NULL,
    source ${t.text(16)} NOT NULL, enabled ${t.bool} NOT NULL, removed ${t.bool} NOT NULL, dn ${t.text(1024)} NULL, external_id ${t.text(128)} NULL`,
  [
    ['username', 'username_key, id'],
    ['display', 'display_key'],
    ['email', 'email_key'],
  ],
);

export const groupsTable = table(
  'prov_groups',
  (t) => `id ${t.text(128)} NOT NULL PRIMARY KEY, name ${t.text(256)} NOT NULL, name_key ${t.text(256)} NOT NULL, description ${t.text(1024)} NOT NULL,
    source ${t.text(16)} NOT NULL, dn ${t.text(1024)} NULL, removed ${t.bool} NOT NULL, member_count ${t.bigint} NOT NULL`,
  [['name', 'name_key, id']],
);

export const groupMembersTable = table(
  'prov_group_members',
  (t) => `group_id ${t.text(128)} NOT NULL, member_kind ${t.text(8)} NOT NULL, member_id ${t.text(128)} NOT NULL, PRIMARY KEY (group_id, member_kind, member_id)`,
  [['member', 'member_kind, member_id']],
);

/** The category tree; scope lists are JSON arrays of principals (small, read whole). */
export const categoriesTable = table(
  'prov_categories',
  (t) => `id ${t.text(128)} NOT NULL PRIMARY KEY, name ${t.text(256)} NOT NULL, description ${t.text(256)} NOT NULL, parent_id ${t.text(128)} NULL,
    allowed ${t.longText} NOT NULL, denied ${t.longText} NOT NULL, creators ${t.longText} NOT NULL, settings ${t.longText} NOT NULL`,
);

export const roomRegistrationsTable = table(
  'prov_room_registrations',
  (t) => `room_id ${t.text(128)} NOT NULL PRIMARY KEY, category_id ${t.text(128)} NOT NULL, name ${t.text(256)} NOT NULL`,
  [['category', 'category_id']],
);

/** Server settings, persistent-chat policies, add-ins and roles: a few rows each. */
export const settingsTable = table('prov_settings', (t) => `name ${t.text(64)} NOT NULL PRIMARY KEY, value ${t.longText} NOT NULL`);
export const policiesTable = table(
  'prov_policies',
  (t) => `target_kind ${t.text(8)} NOT NULL, target_id ${t.text(128)} NOT NULL, enabled ${t.bool} NOT NULL, PRIMARY KEY (target_kind, target_id)`,
);
export const addinsTable = table('prov_addins', (t) => `id ${t.text(128)} NOT NULL PRIMARY KEY, name ${t.text(256)} NOT NULL, url ${t.text(2048)} NOT NULL`);
export const rolesTable = table(
  'prov_roles',
  (t) => `role ${t.text(32)} NOT NULL, principal_kind ${t.text(8)} NOT NULL, principal_id ${t.text(128)} NOT NULL, PRIMARY KEY (role, principal_kind, principal_id)`,
);

export const PROVISIONING_TABLES = [
  usersTable,
  groupsTable,
  groupMembersTable,
  categoriesTable,
  roomRegistrationsTable,
  settingsTable,
  policiesTable,
  addinsTable,
  rolesTable,
] as const;

export const CreateProvisioningTables = createTablesMigration('CreateProvisioningTables1795000000000', [...PROVISIONING_TABLES]);
