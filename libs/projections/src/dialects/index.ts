import type { DataSource } from 'typeorm';
import { dialectOf, type Dialect, type DialectSql, type DialectStatements } from '../dialect.js';
import { mssqlSql } from './mssql.js';
import { postgresSql } from './postgres.js';
import { sqliteSql } from './sqlite.js';

const SQL: Readonly<Record<Dialect, DialectSql>> = { sqlite: sqliteSql, postgres: postgresSql, mssql: mssqlSql };

/** The framework's dialect-specific SQL for a data source. */
export function sqlOf(dataSource: DataSource): DialectSql {
  return SQL[dialectOf(dataSource)];
}

/** Statements for every dialect, from each dialect's SQL. */
export function eachDialect(statements: (sql: DialectSql) => readonly string[]): DialectStatements {
  return { sqlite: statements(sqliteSql), postgres: statements(postgresSql), mssql: statements(mssqlSql) };
}
