import type { Percentiles } from './latency.js';

/** Timed operations besides posting: visits (join, leave), history and search reads, file posts. */
export type Operation = 'join' | 'leave' | 'history' | 'search' | 'file';
export const OPERATIONS: readonly Operation[] = ['join', 'leave', 'history', 'search', 'file'];

/** What a run measured (the JSON report). */
export interface LoadReport {
  scenario: string;
  runId: string;
  target: string;
  startedAt: string;
  /** Seconds from the first post to the end of the drain. */
  seconds: number;
  users: number;
  rooms: number;
  posts: { sent: number; acknowledged: number; failed: number; perSecond: number };
  deliveries: {
    /** Each acknowledged post once to every session in its room (its author's included). */
    expected: number;
    received: number;
    lost: number;
    duplicated: number;
    perSecond: number;
  };
  latency: {
    /** Post sent → acknowledgement. */
    ack: Percentiles;
    /** Post sent → its event arriving at a session in the room (each session counted). */
    delivery: Percentiles;
  } & Partial<Record<Operation, Percentiles>>;
  /** The scenario's other operations that ran: how many succeeded and failed. */
  operations: Partial<Record<Operation, { ok: number; failed: number }>>;
  /** Failures by error code (requests, connections, joins). */
  errors: Record<string, number>;
  /** Per second of the run: posts acknowledged and deliveries received. */
  timeline: { second: number; posts: number; deliveries: number }[];
  /** HdrHistogram base64 of each latency histogram, for merging reports. */
  histograms: { ack: string; delivery: string } & Partial<Record<Operation, string>>;
  /** The reports merged into this one (`parley-load merge`), by run id; absent for a single run. */
  merged?: string[];
}

/** The latencies a report has, in the order they are shown. */
const measured = (r: LoadReport): [string, Percentiles][] => [
  ['ack', r.latency.ack],
  ['delivery', r.latency.delivery],
  ...OPERATIONS.flatMap((op): [string, Percentiles][] => (r.latency[op] ? [[op, r.latency[op]]] : [])),
];

const operationLines = (r: LoadReport) =>
  OPERATIONS.flatMap((op) => {
    const o = r.operations?.[op];
    return o ? [`${op.padEnd(11)} ${o.ok} done, ${o.failed} failed`] : [];
  });

const row = (label: string, p: Percentiles) =>
  `${label.padEnd(10)} ${[p.count, p.mean, p.p50, p.p90, p.p99, p.p999, p.max].map((v) => String(v).padStart(9)).join(' ')}`;

export function textReport(r: LoadReport): string {
  const errors = Object.entries(r.errors);
  return [
    `parley load: ${r.scenario} (run ${r.runId}) against ${r.target}`,
    ...(r.merged ? [`merged from ${r.merged.length} runs: ${r.merged.join(', ')}`] : []),
    `${r.users} users, ${r.rooms} rooms, ${r.seconds.toFixed(1)} s from ${r.startedAt}`,
    '',
    `posts       ${r.posts.sent} sent, ${r.posts.acknowledged} acknowledged, ${r.posts.failed} failed, ${r.posts.perSecond.toFixed(1)}/s`,
    `deliveries  ${r.deliveries.received} of ${r.deliveries.expected} expected, ${r.deliveries.lost} lost, ${r.deliveries.duplicated} duplicated, ${r.deliveries.perSecond.toFixed(1)}/s`,
    ...operationLines(r),
    '',
    `latency ms ${['count', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'].map((h) => h.padStart(9)).join(' ')}`,
    ...measured(r).map(([label, p]) => row(label, p)),
    '',
    errors.length ? `errors      ${errors.map(([code, n]) => `${code} ${n}`).join(', ')}` : 'errors      none',
  ].join('\n');
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Bars of one series per second, as inline SVG. */
function timelineChart(r: LoadReport, key: 'posts' | 'deliveries', colour: string): string {
  const width = 720;
  const height = 160;
  const max = Math.max(1, ...r.timeline.map((t) => t[key]));
  const bar = width / Math.max(1, r.timeline.length);
  const bars = r.timeline
    .map((t, i) => {
      const h = (t[key] / max) * (height - 20);
      return `<rect x="${(i * bar).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${Math.max(1, bar - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${t.second} s: ${t[key]}</title></rect>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${key} per second"><text x="0" y="12" font-size="11">max ${max}/s</text>${bars}</svg>`;
}

/** Percentile bars of both latencies, as inline SVG. */
function latencyChart(r: LoadReport): string {
  const labels = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
  const max = Math.max(0.001, ...labels.flatMap((l) => [r.latency.ack[l], r.latency.delivery[l]]));
  const rows = labels
    .map((l, i) => {
      const y = i * 36;
      const w = (v: number) => ((v / max) * 560).toFixed(1);
      return `<text x="0" y="${y + 14}" font-size="12">${l}</text>
<rect x="60" y="${y}" width="${w(r.latency.ack[l])}" height="14" fill="#4e79a7"><title>ack ${r.latency.ack[l]} ms</title></rect>
<rect x="60" y="${y + 16}" width="${w(r.latency.delivery[l])}" height="14" fill="#f28e2b"><title>delivery ${r.latency.delivery[l]} ms</title></rect>
<text x="${Number(w(Math.max(r.latency.ack[l], r.latency.delivery[l]))) + 66}" y="${y + 20}" font-size="11">${r.latency.ack[l]} / ${r.latency.delivery[l]} ms</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 720 ${labels.length * 36}" width="720" height="${labels.length * 36}" role="img" aria-label="latency percentiles">${rows}</svg>`;
}

/** A self-contained HTML page: the figures, latency percentiles and the per-second timeline as charts. */
export function htmlReport(r: LoadReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>parley load: ${escape(r.scenario)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:right;border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}</style></head>
<body><h1>parley load: ${escape(r.scenario)}</h1>
${r.merged ? `<p>Merged from ${r.merged.length} runs made at the same time (${r.merged.map(escape).join(', ')}), each with its own users and rooms.</p>` : ''}
<p>Run ${escape(r.runId)} against ${escape(r.target)}, ${r.users} users in ${r.rooms} rooms, ${r.seconds.toFixed(1)} s from ${escape(r.startedAt)}.</p>
<table><tr><th></th><th>count</th><th>per second</th><th>failed / lost</th><th>duplicated</th></tr>
<tr><td>posts</td><td>${r.posts.acknowledged} of ${r.posts.sent}</td><td>${r.posts.perSecond.toFixed(1)}</td><td>${r.posts.failed}</td><td></td></tr>
<tr><td>deliveries</td><td>${r.deliveries.received} of ${r.deliveries.expected}</td><td>${r.deliveries.perSecond.toFixed(1)}</td><td>${r.deliveries.lost}</td><td>${r.deliveries.duplicated}</td></tr>
${OPERATIONS.flatMap((op) => {
  const o = r.operations?.[op];
  return o ? [`<tr><td>${op}</td><td>${o.ok} of ${o.ok + o.failed}</td><td>${(o.ok / r.seconds).toFixed(1)}</td><td>${o.failed}</td><td></td></tr>`] : [];
}).join('\n')}</table>
<h2>Latency (ms)</h2>
<table><tr><th></th><th>count</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
${measured(r).map(([k, p]) => `<tr><td>${k}</td>${(['count', 'mean', 'p50', 'p90', 'p99', 'p999', 'max'] as const).map((f) => `<td>${p[f]}</td>`).join('')}</tr>`).join('\n')}</table>
<p><span style="color:#4e79a7">■ ack</span> <span style="color:#f28e2b">■ delivery</span></p>
${latencyChart(r)}
<h2>Posts acknowledged per second</h2>
${timelineChart(r, 'posts', '#4e79a7')}
<h2>Deliveries per second</h2>
${timelineChart(r, 'deliveries', '#f28e2b')}
<h2>Errors</h2>
${Object.keys(r.errors).length ? `<ul>${Object.entries(r.errors).map(([code, n]) => `<li>${escape(code)}: ${n}</li>`).join('')}</ul>` : '<p>None.</p>'}
</body></html>
`;
}
