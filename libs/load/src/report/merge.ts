import { Latency, type Percentiles } from './latency.js';
import { OPERATIONS, type LoadReport, type Operation } from './report.js';

/** Reports that cannot be merged (different scenarios, a report without its histograms). */
export class MergeError extends Error {
  override name = 'MergeError';
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * One report of runs made at the same time from several machines (each with its own users and
 * rooms): counts and rates add up, latency percentiles come from the merged HDR histograms, and the
 * per-second timelines are laid over each other by their start times.
 */
export function mergeReports(reports: readonly LoadReport[]): LoadReport {
  if (reports.length === 0) throw new MergeError('nothing to merge');
  const scenarios = [...new Set(reports.map((r) => r.scenario))];
  if (scenarios.length > 1) throw new MergeError(`the reports are of different scenarios (${scenarios.join(', ')}): merge runs of one scenario`);
  const kinds = ['ack', 'delivery', ...OPERATIONS] as const;
  const latency: Record<string, Percentiles> = {};
  const histograms: Record<string, string> = {};
  for (const kind of kinds) {
    const encoded = reports.map((r) => r.histograms?.[kind]);
    if (encoded.every((e) => e === undefined)) continue;
    if (encoded.some((e) => e === undefined) && (kind === 'ack' || kind === 'delivery')) throw new MergeError(`a report has no ${kind} histogram: was it written by parley-load?`);
    const merged = new Latency();
    for (const e of encoded) if (e) merged.addEncoded(e);
    latency[kind] = merged.percentiles();
    histograms[kind] = merged.encoded();
  }
  const operations: LoadReport['operations'] = {};
  for (const op of OPERATIONS) {
    const counted = reports.map((r) => r.operations?.[op]).filter((o) => o !== undefined);
    if (counted.length) operations[op as Operation] = { ok: sum(counted.map((o) => o.ok)), failed: sum(counted.map((o) => o.failed)) };
  }
  const errors: Record<string, number> = {};
  for (const r of reports) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
  const first = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const timeline: LoadReport['timeline'] = [];
  for (const r of reports) {
    const offset = Math.round((Date.parse(r.startedAt) - first) / 1000);
    for (const t of r.timeline) {
      const second = t.second + offset;
      while (timeline.length <= second) timeline.push({ second: timeline.length, posts: 0, deliveries: 0 });
      timeline[second]!.posts += t.posts;
      timeline[second]!.deliveries += t.deliveries;
    }
  }
  const seconds = Math.max(...reports.map((r) => (Date.parse(r.startedAt) - first) / 1000 + r.seconds));
  const runs = reports.flatMap((r) => r.merged ?? [r.runId]);
  const deliveries = {
    expected: sum(reports.map((r) => r.deliveries.expected)),
    received: sum(reports.map((r) => r.deliveries.received)),
    lost: sum(reports.map((r) => r.deliveries.lost)),
    duplicated: sum(reports.map((r) => r.deliveries.duplicated)),
    perSecond: sum(reports.map((r) => r.deliveries.perSecond)),
  };
  return {
    scenario: scenarios[0]!,
    runId: runs.join('+'),
    target: [...new Set(reports.map((r) => r.target))].join(', '),
    startedAt: new Date(first).toISOString(),
    seconds,
    users: sum(reports.map((r) => r.users)),
    rooms: sum(reports.map((r) => r.rooms)),
    posts: {
      sent: sum(reports.map((r) => r.posts.sent)),
      acknowledged: sum(reports.map((r) => r.posts.acknowledged)),
      failed: sum(reports.map((r) => r.posts.failed)),
      perSecond: sum(reports.map((r) => r.posts.perSecond)),
    },
    deliveries,
    latency: latency as LoadReport['latency'],
    operations,
    errors,
    timeline,
    histograms: histograms as LoadReport['histograms'],
    merged: runs,
  };
}
