import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS, prometheusSeries } from './metrics.js';

describe('docs/operations.md', () => {
  const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'operations.md'), 'utf8');
  const table = docs.slice(docs.indexOf('### Metrics'), docs.indexOf('### Grafana'));

  it('lists every metric, under the name Prometheus shows', () => {
    const listed = [...table.matchAll(/^\| `(parley_[a-z_]+)` \| (\w+) \|/gm)].map(([, name, kind]) => ({ name, kind }));
    const expected = Object.values(METRICS).map((m) => ({ name: m.kind === 'counter' ? prometheusSeries(m)[0] : m.name, kind: m.kind }));
    expect(listed).toEqual(expected);
  });
});
