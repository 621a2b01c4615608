import { tokensOf } from '../search/search-terms.js';
import type { HistorySql } from './history-sql.js';
import { valuesInsert } from './values-insert.js';

/** FTS5 phrase syntax: a double-quoted string, its quotes doubled. Operators inside it are plain tokens. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

export const sqliteHistorySql: HistorySql = {
  dialect: 'sqlite',
  types: { id: 'text', name: 'text', code: 'text', text: 'text', bigint: 'bigint', int: 'integer', bool: 'boolean', timestamp: 'text' },
  param: () => '?',
  true: '1',
  false: '0',
  limit: (n) => `LIMIT ${n}`,
  // One parameter whatever the number of rooms: a JSON array read by json_each.
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  // ISO 8601 strings in UTC with milliseconds sort and compare as the instants they are.
  timestamp: (placeholder) => placeholder,
  insertRows: valuesInsert((placeholder) => placeholder, 30_000),
  search: {
    // Contentless: the text lives in history_messages only; rowid is the message's stream_seq, so
    // hits come out in log order straight from the index. unicode61 folds case and diacritics.
    create: ({ table }) => [`CREATE VIRTUAL TABLE ${table} USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`],
    key: 'rowid',
    body: (m) => ['text', 'story_title', 'story_body', 'file_name'].map((c) => `coalesce(${m}.${c}, '')`).join(" || ' ' || "),
    // Every token of the words, and every phrase, quoted: FTS5 reads them as literal phrases, never as AND/OR/NOT/NEAR, * or column filters.
    match: (s, terms, param) => `${s}.history_search MATCH ${param([...terms.words.flatMap(tokensOf), ...terms.phrases].map(phrase).join(' '))}`,
    newest: 'index',
  },
};
