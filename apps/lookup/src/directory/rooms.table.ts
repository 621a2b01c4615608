import { createTablesMigration, type ProjectionTable } from '@parley/projections';

/** The room directory: every room's settings and roles, as lookup needs them to resolve and authorise. */
export const roomsTable: ProjectionTable = {
  name: 'lookup_rooms',
  create: ({ table, index }) => {
    const columns = (text: (n?: number) => string, bool: string, big: string) =>
      `id ${text(128)} NOT NULL PRIMARY KEY, category_id ${text(128)} NOT NULL, name ${text(256)} NOT NULL, name_key ${text(256)} NOT NULL,
       description ${text(256)} NOT NULL, privacy ${text(8)} NOT NULL, room_type ${text(16)} NOT NULL, members ${text()} NOT NULL,
       managers ${text()} NOT NULL, presenters ${text()} NOT NULL, disabled ${bool} NOT NULL, removed ${bool} NOT NULL, seq ${big} NOT NULL`;
    const statements = (sql: string) => [`CREATE TABLE ${table} (${sql})`, `CREATE INDEX ${index('category')} ON ${table} (category_id)`, `CREATE INDEX ${index('name')} ON ${table} (name_key)`];
    return {
      sqlite: statements(columns(() => 'text', 'boolean', 'bigint')),
      postgres: statements(columns((n) => (n ? `varchar(${n})` : 'text'), 'boolean', 'bigint')),
      mssql: statements(columns((n) => `nvarchar(${n ?? 'max'})`, 'bit', 'bigint')),
    };
  },
};

export const CreateLookupTables = createTablesMigration('CreateLookupTables1795100000000', [roomsTable]);
