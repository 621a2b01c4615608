import type { ColumnTypes, HistorySql } from './history-sql.js';

// The 'simple' configuration lower-cases and splits words, with no stemming and no stop words:
// chat is multilingual, and people search for exact names and codes.

/**
 * The parser keeps e-mail addresses, URLs, file names and decimals whole (`romeo-q1.pdf`): split
 * them where SQLite's tokenizer does, in the text and in queries alike, so their parts are found.
 */
const split = (expression: string) => `translate(${expression}, '@./:_\\', '      ')`;

/** The array type each column's values travel in, for unnest. */
const ARRAY_TYPES: Readonly<Record<keyof ColumnTypes, string>> = { id: 'text[]', name: 'text[]', code: 'text[]', text: 'text[]', bigint: 'bigint[]', int: 'integer[]', bool: 'boolean[]', timestamp: 'timestamptz[]' };

export const postgresHistorySql: HistorySql = {
  dialect: 'postgres',
  types: { id: 'varchar(128)', name: 'varchar(256)', code: 'varchar(16)', text: 'text', bigint: 'bigint', int: 'integer', bool: 'boolean', timestamp: 'timestamptz' },
  param: (n) => `$${n}`,
  true: 'true',
  false: 'false',
  limit: (n) => `LIMIT ${n}`,
  // A set the planner hashes: `= ANY(array)` would compare each row with every element.
  inList: (column, placeholder, type) => `${column} IN (SELECT unnest(${placeholder}::${ARRAY_TYPES[type]}))`,
  list: (values) => [...values],
  timestamp: (placeholder) => placeholder,
  // One array per column, whatever the number of rows: PostgreSQL parses and plans one small
  // statement instead of a VALUES list of thousands of parameters.
  insertRows: (table, columns, rows) => [
    {
      statement: `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${columns.map((c) => `?::${ARRAY_TYPES[c.type]}`).join(', ')})`,
      params: columns.map((_, i) => rows.map((row) => row[i])),
    },
  ],
  search: {
    create: ({ table, index }) => [
      `CREATE TABLE ${table} (stream_seq bigint NOT NULL PRIMARY KEY, body tsvector NOT NULL)`,
      `CREATE INDEX ${index('body')} ON ${table} USING gin (body)`,
    ],
    key: 'stream_seq',
    body: (m) => `to_tsvector('simple', ${split(`concat_ws(' ', ${m}.text, ${m}.story_title, ${m}.story_body, ${m}.file_name)`)})`,
    // plainto_tsquery and phraseto_tsquery read their text as words only: no operator in it counts.
    match: (s, terms, param) => {
      const parts = terms.words.length ? [`plainto_tsquery('simple', ${split(param(terms.words.join(' ')))})`] : [];
      for (const phrase of terms.phrases) parts.push(`phraseto_tsquery('simple', ${split(param(phrase))})`);
      return `${s}.body @@ (${parts.join(' && ')})`;
    },
    newest: 'windows',
  },
};
