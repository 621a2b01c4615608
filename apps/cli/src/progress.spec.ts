import { progressLine } from './progress.js';

describe('progressLine', () => {
  it('rewrites one line in place on a terminal, and clears it at the end', () => {
    let written = '';
    const progress = progressLine({ isTTY: true, write: (text: string) => (written += text) });
    progress('1 of 3');
    progress('2 of 3');
    progress(undefined);
    progress(undefined);
    expect(written).toBe('\r\x1b[K1 of 3\r\x1b[K2 of 3\r\x1b[K');
  });

  it('writes whole lines on a pipe: the first at once, then one per period, afresh after the end', () => {
    let written = '';
    let clock = 0;
    const progress = progressLine({ isTTY: false, write: (text: string) => (written += text) }, 5_000, () => clock);
    progress('1 of 9');
    clock = 4_000;
    progress('2 of 9');
    clock = 5_000;
    progress('3 of 9');
    progress(undefined);
    progress('1 of 2');
    expect(written).toBe('1 of 9\n3 of 9\n1 of 2\n');
  });
});
