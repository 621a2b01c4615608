import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withConfigurationReference } from './docs.js';

describe('docs/configuration.md', () => {
  it('lists exactly the settings in the code (run `npm run docs:config` after changing them)', () => {
    const document = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(withConfigurationReference(document)).toBe(document);
  });
});
