import { tokensOf } from '../search/search-terms.js';
import type { HistorySql } from './history-sql.js';
import { valuesInsert } from './values-insert.js';

// SQL Server cannot run here: this file is compiled and unit-tested only. Keep it small and have
// someone who knows T-SQL review it. Its full-text index is in mssql-fulltext.ts.

/**
 * A CONTAINS term: a double-quoted phrase. Inside quotes, punctuation only separates words; the
 * quote itself cannot be escaped and a trailing `*` would make a prefix term, so both go.
 */
const timestamp = (placeholder: string) => `CONVERT(datetime2(3), ${placeholder}, 127)`;

const term = (text: string) => `"${text.replace(/["*]/g, ' ').trim()}"`;

export const mssqlHistorySql: HistorySql = {
  dialect: 'mssql',
  // nvarchar, not varchar: the driver sends strings as nvarchar, and comparing those with varchar
  // columns converts the column and scans instead of seeking.
  types: { id: 'nvarchar(128)', name: 'nvarchar(256)', code: 'nvarchar(16)', text: 'nvarchar(max)', bigint: 'bigint', int: 'int', bool: 'bit', timestamp: 'datetime2(3)' },
  // TypeORM names raw query parameters @0, @1...
  param: (n) => `@${n - 1}`,
  true: '1',
  false: '0',
  // OFFSET ... FETCH needs the ORDER BY it follows; it takes the first rows, it does not skip any.
  limit: (n) => `OFFSET 0 ROWS FETCH NEXT ${n} ROWS ONLY`,
  // One parameter whatever the number of rooms (SQL Server takes at most 2,100 per statement).
  inList: (column, placeholder) => `${column} IN (SELECT value FROM OPENJSON(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  // Style 127 reads ISO 8601 with its Z.
  timestamp,
  // At most 2,100 parameters per statement.
  insertRows: valuesInsert(timestamp, 2_000),
  search: {
    create: ({ table }) => [`CREATE TABLE ${table} (stream_seq bigint NOT NULL PRIMARY KEY, body nvarchar(max) NOT NULL)`],
    key: 'stream_seq',
    body: (m) => `CONCAT_WS(N' ', ${m}.text, ${m}.story_title, ${m}.story_body, ${m}.file_name)`,
    // Words split into their tokens, as SQLite does: each required, not necessarily together.
    match: (s, terms, param) => `CONTAINS(${s}.body, ${param([...terms.words.flatMap(tokensOf), ...terms.phrases].map(term).join(' AND '))})`,
    newest: 'index',
  },
};
