import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allPrometheusSeries, METRICS, prometheusSeries } from './metrics.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
}

interface Dashboard {
  uid: string;
  templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
  panels: Panel[];
}

const file = join(__dirname, '..', '..', '..', 'infra', 'grafana', 'parley-dashboard.json');
const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
const queries = [
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
];
const seriesIn = (expr: string) => expr.match(/\bparley_[a-z_]+\b/g) ?? [];

describe('the Grafana dashboard (infra/grafana/parley-dashboard.json)', () => {
  it('queries only metrics that Parley exports', () => {
    const known = new Set(allPrometheusSeries());
    const unknown = queries.flatMap(seriesIn).filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
  });

  it('shows every metric Parley exports', () => {
    const used = new Set(queries.flatMap(seriesIn));
    const unused = Object.values(METRICS).filter((m) => !prometheusSeries(m).some((s) => used.has(s)));
    expect(unused.map((m) => m.name)).toEqual([]);
  });

  it('takes its Prometheus data source from a variable, in every panel and query', () => {
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid: '${datasource}' } });
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}');
    }
  });

  it('has unique panel ids and a query in every panel', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect(panel.targets?.length).toBeGreaterThan(0);
  });
});
