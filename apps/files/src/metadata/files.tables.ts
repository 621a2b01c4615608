import { createTablesMigration, Dialects, type Dialect, type DialectStatements, type ProjectionTable } from '@parley/projections';

/** Column types, so the table is written once for the three dialects. */
const TYPES: Readonly<Record<Dialect, { text: (n: number) => string; bigint: string; bool: string }>> = {
  sqlite: { text: () => 'text', bigint: 'bigint', bool: 'boolean' },
  postgres: { text: (n) => `varchar(${n})`, bigint: 'bigint', bool: 'boolean' },
  mssql: { text: (n) => `nvarchar(${n})`, bigint: 'bigint', bool: 'bit' },
};

/**
 * Every posted file: what its FilePosted event says, where it is in its room, and whether the
 * room's history was cleared over it (then it is gone for readers, as its messages are).
 */
export const filesTable: ProjectionTable = {
  name: 'files_posted',
  create: ({ table, index }) =>
    Object.fromEntries(
      Dialects.map((dialect) => {
        const t = TYPES[dialect];
        return [
          dialect,
          [
            `CREATE TABLE ${table} (file_id ${t.text(128)} NOT NULL PRIMARY KEY, room_id ${t.text(128)} NOT NULL, seq ${t.bigint} NOT NULL,
    stream_seq ${t.bigint} NOT NULL, name ${t.text(255)} NOT NULL, size ${t.bigint} NOT NULL, content_type ${t.text(255)} NOT NULL,
    sha256 ${t.text(64)} NOT NULL, uploader_id ${t.text(256)} NOT NULL, posted_at ${t.text(32)} NOT NULL, caption ${t.text(1000)} NULL,
    cleared ${t.bool} NOT NULL)`,
            // A room's files, newest first.
            `CREATE INDEX ${index('room_seq')} ON ${table} (room_id, seq)`,
          ],
        ];
      }),
    ) as unknown as DialectStatements,
};

export const CreateFilesTables = createTablesMigration('CreateFilesTables1795300000000', [filesTable]);
