import type { DataSource } from 'typeorm';

// SQL Server's full-text index on history_search, compiled but never run here: have someone who
// knows T-SQL review it. CREATE FULLTEXT INDEX cannot run inside a transaction, and migrations
// and rebuilds create tables inside one, so it is made here instead, idempotently: at start-up
// after the migrations, and after each rebuild (which replaces the table). Full-text indexing
// is asynchronous in SQL Server (CHANGE_TRACKING AUTO): a new message becomes searchable a moment
// after it is stored.

const CATALOG = 'parley_history';

export const SQLSERVER_FULLTEXT: readonly string[] = [
  `IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'${CATALOG}') CREATE FULLTEXT CATALOG ${CATALOG}`,
  // The key index is the table's primary key, whose name SQL Server chose; LANGUAGE 0 is the
  // neutral word breaker (no stemming, no stop words), like PostgreSQL's 'simple'.
  `IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'history_search'))
   BEGIN
     DECLARE @key sysname = (SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID(N'history_search') AND is_primary_key = 1);
     DECLARE @ddl nvarchar(max) = N'CREATE FULLTEXT INDEX ON history_search (body LANGUAGE 0) KEY INDEX ' + QUOTENAME(@key) + N' ON ${CATALOG} WITH CHANGE_TRACKING AUTO';
     EXEC (@ddl);
   END`,
];

/** Creates the full-text catalog and index when missing (SQL Server only). */
export async function ensureSqlServerFullText(db: DataSource): Promise<void> {
  for (const statement of SQLSERVER_FULLTEXT) await db.query(statement);
}
