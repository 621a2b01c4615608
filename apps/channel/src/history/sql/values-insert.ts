import type { HistorySql, Statement } from './history-sql.js';

/** SQL Server takes at most 1,000 rows in one VALUES list. */
const VALUES_ROWS = 1_000;

/**
 * Multi-row INSERT ... VALUES, split so that no statement passes `maxParams` parameters. The text
 * of a full statement is made once per table and columns (a batch often has several full ones).
 */
export function valuesInsert(timestamp: (placeholder: string) => string, maxParams: number): HistorySql['insertRows'] {
  const texts = new Map<string, string>();
  return (table, columns, rows) => {
    const perStatement = Math.min(VALUES_ROWS, Math.floor(maxParams / columns.length));
    const tuple = `(${columns.map((c) => (c.type === 'timestamp' ? timestamp('?') : '?')).join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES `;
    const text = (n: number) => head + Array(n).fill(tuple).join(', ');
    const out: Statement[] = [];
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      let statement = chunk.length === perStatement ? texts.get(head) : undefined;
      if (!statement) {
        statement = text(chunk.length);
        if (chunk.length === perStatement) texts.set(head, statement);
      }
      out.push({ statement, params: chunk.flat() });
    }
    return out;
  };
}
