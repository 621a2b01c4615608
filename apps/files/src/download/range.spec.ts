import { parseRange } from './range.js';

describe('Range headers', () => {
  it('reads one range in each of its forms', () => {
    expect(parseRange('bytes=0-99', 1_000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=900-', 1_000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-100', 1_000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-5000', 1_000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } });
    expect(parseRange('bytes=990-5000', 1_000)).toEqual({ kind: 'range', range: { start: 990, end: 999 } });
  });

  it('sends the whole file for no header, other units, several ranges or bad syntax', () => {
    for (const header of [undefined, 'items=0-1', 'bytes=0-1,5-6', 'bytes=x-y', 'bytes=-', 'bytes=5-2']) expect(parseRange(header, 1_000)).toEqual({ kind: 'whole' });
  });

  it('cannot satisfy a range past the end, or any range of an empty file', () => {
    expect(parseRange('bytes=1000-', 1_000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1_000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
