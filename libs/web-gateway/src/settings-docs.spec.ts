import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceSection } from '@parley/config';
import { webSettings } from './web-gateway.settings.js';

describe('docs/configuration.md', () => {
  it('lists the web client’s server settings as the code has them (run `npm run docs:config` after changing them)', () => {
    const document = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(document).toContain(serviceSection({ service: 'web', shape: webSettings }));
  });
});
