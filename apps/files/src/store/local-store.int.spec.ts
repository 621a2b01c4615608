import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tempDir } from '@parley/testing';
import { describeBlobStore } from './blob-store.fixture.js';
import { LocalBlobStore } from './local-store.js';

/** Every file under `dir`, with its path relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('a local folder', () => {
  const dir = tempDir('parley-files-');
  let store: LocalBlobStore;

  beforeAll(async () => {
    store = new LocalBlobStore(join(dir.path, 'files'));
    await store.open();
  });
  afterAll(() => dir.remove());

  // Files under .incoming/ are writes in progress; a failed write must leave none there either.
  describeBlobStore('local', () => ({ store: () => store, keys: async () => filesUnder(join(dir.path, 'files')) }));
});
