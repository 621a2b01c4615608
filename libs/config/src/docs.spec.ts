import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonSettings } from './common.js';
import { describeConfig } from './load.js';

describe('docs/configuration.md', () => {
  it('lists the common settings as the code has them (run `npm run docs:config` after changing them)', () => {
    const document = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(document).toContain(describeConfig(commonSettings));
  });
});
