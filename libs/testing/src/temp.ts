import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory; `remove()` deletes it and everything in it. */
export function tempDir(prefix = 'parley-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A path for a fresh SQLite database file in its own temporary directory (the file does not exist yet). */
export function tempSqliteFile(name = 'db.sqlite'): { path: string; remove(): void } {
  const dir = tempDir('parley-sqlite-');
  return { path: join(dir.path, name), remove: dir.remove };
}

/** A random lower-case token, for stream names, namespaces and ids that must not collide between tests. */
export function randomName(prefix = 't'): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}
