import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceSection } from '@parley/config';
import { lookupSettings } from './lookup.settings.js';

describe('docs/configuration.md', () => {
  it('lists the lookup service’s settings as the code has them (run `npm run docs:config` after changing them)', () => {
    const document = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(document).toContain(serviceSection({ service: 'lookup', shape: lookupSettings }));
  });
});
