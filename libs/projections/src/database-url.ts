import { join } from 'node:path';
import { ValidationError } from '@parley/contracts';
import type { DataSourceConfig } from './data-source.js';

/**
 * Reads a service's projection database setting: `sqlite:<file>`, `postgres://user:password@host:port/db`
 * or `mssql://user:password@host:port/db`; empty means `sqlite:<dataDir>/<defaultFile>` (the
 * single-server default).
 */
export function databaseConfig(url: string, dataDir: string, defaultFile: string): DataSourceConfig {
  const value = url || `sqlite:${join(dataDir, defaultFile)}`;
  if (value.startsWith('sqlite:')) return { dialect: 'sqlite', file: value.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\//.test(value)) return { dialect: 'postgres', url: value };
  if (value.startsWith('mssql://')) return { dialect: 'mssql', url: value };
  throw new ValidationError('invalid database setting', [{ path: 'database', message: 'must be sqlite:<file>, postgres://... or mssql://...' }]);
}
