import { createTablesMigration, Dialects, type Dialect, type DialectStatements, type ProjectionTable, type TableNames } from '@parley/projections';
import { historySqlOf, type ColumnTypes } from '../sql/history-sql.js';

function eachDialect(statements: (dialect: Dialect, t: ColumnTypes) => string[]): DialectStatements {
  return Object.fromEntries(Dialects.map((d) => [d, statements(d, historySqlOf(d).types)])) as unknown as DialectStatements;
}

function table(name: string, create: (names: TableNames, dialect: Dialect, t: ColumnTypes) => string[]): ProjectionTable {
  return { name, create: (names) => eachDialect((dialect, t) => create(names, dialect, t)) };
}

/** Whether each category's rooms keep history (its `chatHistory` setting). */
export const categoriesTable = table('history_categories', ({ table: name }, _, t) => [
  `CREATE TABLE ${name} (category_id ${t.id} NOT NULL PRIMARY KEY, chat_history ${t.bool} NOT NULL)`,
]);

/**
 * What deciding who may read a room needs (role lists as JSON arrays of principals, read whole).
 * `changed_seq` is the stream sequence of the last event that changed the row: readers keep a
 * copy of every room and refresh only the rows changed since they last looked.
 */
export const roomsTable = table('history_rooms', ({ table: name, index }, _, t) => [
  `CREATE TABLE ${name} (room_id ${t.id} NOT NULL PRIMARY KEY, category_id ${t.id} NOT NULL, name ${t.name} NOT NULL,
    privacy ${t.code} NOT NULL, room_type ${t.code} NOT NULL, members ${t.text} NOT NULL, managers ${t.text} NOT NULL,
    presenters ${t.text} NOT NULL, disabled ${t.bool} NOT NULL, removed ${t.bool} NOT NULL, changed_seq ${t.bigint} NOT NULL)`,
  `CREATE INDEX ${index('changed')} ON ${name} (changed_seq)`,
]);

const messageColumns = (t: ColumnTypes) =>
  `room_id ${t.id} NOT NULL, seq ${t.bigint} NOT NULL, author_id ${t.id} NOT NULL, posted_at ${t.timestamp} NOT NULL,
    text ${t.text} NULL, story_title ${t.name} NULL, story_body ${t.text} NULL, alert ${t.bool} NOT NULL,
    edit_count ${t.int} NOT NULL, edited_at ${t.timestamp} NULL, redacted ${t.bool} NOT NULL, removed ${t.bool} NOT NULL,
    file_id ${t.id} NULL, file_name ${t.name} NULL, file_size ${t.bigint} NULL, file_type ${t.name} NULL`;

/**
 * Messages of logged rooms, one row per post (a file post carries its file), keyed by (room_id, seq) and by stream_seq (the post's
 * position in the log). A redaction clears the text; a removal replaces it; a cleared history
 * deletes the rows. In SQLite stream_seq is the rowid, which the full-text index shares; elsewhere
 * the table is clustered by room for history pages.
 */
export const messagesTable = table('history_messages', ({ table: name, index }, dialect, t) => [
  dialect === 'sqlite'
    ? `CREATE TABLE ${name} (stream_seq INTEGER PRIMARY KEY, ${messageColumns(t)})`
    : `CREATE TABLE ${name} (stream_seq ${t.bigint} NOT NULL, ${messageColumns(t)}, PRIMARY KEY (room_id, seq))`,
  dialect === 'sqlite' ? `CREATE UNIQUE INDEX ${index('room_seq')} ON ${name} (room_id, seq)` : `CREATE UNIQUE INDEX ${index('stream')} ON ${name} (stream_seq)`,
  // Searches by author. Dates need no index: times grow with seqs (see read/posted-at.ts).
  `CREATE INDEX ${index('author')} ON ${name} (author_id, stream_seq)`,
]);

/** The full-text index of messages that are neither redacted nor removed (see sql/*.sql.ts). */
export const searchTable = table('history_search', (names, dialect) => [...historySqlOf(dialect).search.create(names)]);

export const HISTORY_TABLES = [categoriesTable, roomsTable, messagesTable, searchTable] as const;

export const CreateHistoryTables = createTablesMigration('CreateHistoryTables1795200000000', [...HISTORY_TABLES]);
