import type { Dialect } from '@parley/projections';

/** The little that differs between dialects in the files catalogue's SQL. */
export interface FilesSql {
  /** A statement written with `?` placeholders, in the dialect's own (`?`, `$1`, `@0`), in order. */
  bind(statement: string): string;
  readonly true: string;
  readonly false: string;
  /** Follows an ORDER BY to keep the first `n` rows. */
  limit(n: number): string;
}

const placeholders: Readonly<Record<Dialect, (n: number) => string>> = { sqlite: () => '?', postgres: (n) => `$${n}`, mssql: (n) => `@${n - 1}` };

export function filesSql(dialect: Dialect): FilesSql {
  const param = placeholders[dialect];
  return {
    bind: (statement) => {
      let n = 0;
      return statement.replace(/\?/g, () => param(++n));
    },
    true: dialect === 'postgres' ? 'true' : '1',
    false: dialect === 'postgres' ? 'false' : '0',
    limit: (n) => (dialect === 'mssql' ? `OFFSET 0 ROWS FETCH NEXT ${n} ROWS ONLY` : `LIMIT ${n}`),
  };
}
