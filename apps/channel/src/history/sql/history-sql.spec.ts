import type { Dialect } from '@parley/projections';
import { parseSearchTerms } from '../search/search-terms.js';
import { bind, historySqlOf } from './history-sql.js';

/** The match condition of each dialect for a query, with the values it binds. */
function match(dialect: Dialect, q: string) {
  const values: unknown[] = [];
  const sql = historySqlOf(dialect);
  const text = bind(sql, sql.search.match('s', parseSearchTerms(q), (value) => (values.push(value), '?')));
  return { text, values };
}

describe('the dialects of the history SQL', () => {
  it('quotes every token and phrase for FTS5, so operators and column filters stay text', () => {
    expect(match('sqlite', 'kilo OR NEAR(x "say ""hi""" title:y*')).toEqual({
      text: 's.history_search MATCH ?',
      values: ['"kilo" "OR" "NEAR" "x" "title" "y" "say" "hi"'],
    });
    // Quotes only delimit phrases: none reaches FTS5 unescaped.
    expect(match('sqlite', '"it\'s a ""trap""').values).toEqual(['"it\'s a" "trap"']);
  });

  it('binds words and phrases as text for PostgreSQL, which reads no operator in them', () => {
    const split = (n: number) => `translate($${n}, '@./:_\\', '      ')`;
    expect(match('postgres', 'kilo -lima "a b" "c d"')).toEqual({
      text: `s.body @@ (plainto_tsquery('simple', ${split(1)}) && phraseto_tsquery('simple', ${split(2)}) && phraseto_tsquery('simple', ${split(3)}))`,
      values: ['kilo -lima', 'a b', 'c d'],
    });
    expect(match('postgres', '"only a phrase"').text).toBe(`s.body @@ (phraseto_tsquery('simple', ${split(1)}))`);
  });

  it('gives SQL Server quoted CONTAINS terms with neither quotes nor prefix stars', () => {
    expect(match('mssql', 'kilo* OR "x* y"')).toEqual({ text: 'CONTAINS(s.body, @0)', values: ['"kilo" AND "OR" AND "x  y"'] });
  });

  it('numbers placeholders in the order they appear', () => {
    expect(bind(historySqlOf('postgres'), 'a = ? AND b IN (?) OR c = ?')).toBe('a = $1 AND b IN ($2) OR c = $3');
    expect(bind(historySqlOf('mssql'), 'a = ? AND b = ?')).toBe('a = @0 AND b = @1');
    expect(historySqlOf('mssql').timestamp('@0')).toBe('CONVERT(datetime2(3), @0, 127)');
  });
});
