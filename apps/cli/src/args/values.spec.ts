import { collect, dateOrInstant, onOff, pickHolder, pickTarget, seqNumber, wholeNumber, wholeNumberUpTo } from './values.js';

describe('option values', () => {
  it('collects repeated options', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });

  it('reads whole numbers above zero, naming the option otherwise', () => {
    expect(wholeNumber('25', '--limit')).toBe(25);
    for (const bad of ['0', '-1', '2.5', 'ten', '']) expect(() => wholeNumber(bad, '--limit')).toThrow(`--limit must be a whole number above 0, got "${bad}"`);
  });

  it('reads whole numbers up to a maximum, and seqs from 0', () => {
    expect(wholeNumberUpTo('200', '--limit', 200)).toBe(200);
    expect(() => wholeNumberUpTo('201', '--limit', 200)).toThrow('--limit must be at most 200, got 201');
    expect(seqNumber('0', '--after')).toBe(0);
    for (const bad of ['-1', '1e3', 'x', '', '99999999999999999999']) expect(() => seqNumber(bad, '--after')).toThrow(`--after must be a message's seq (a whole number, 0 or more), got "${bad}"`);
  });

  it('reads dates and instants with their offset, as the history API takes them', () => {
    for (const good of ['2026-03-01', '2026-03-01T09:30:00Z', '2026-03-01T09:30:00.5+01:00']) expect(dateOrInstant(` ${good} `, '--since')).toBe(good);
    for (const bad of ['yesterday', '2026-02-30', '2026-03-01T09:30:00', '1 March 2026']) expect(() => dateOrInstant(bad, '--since')).toThrow(`--since must be a date like 2026-03-01 (UTC)`);
  });

  it('reads on and off', () => {
    expect([onOff('on'), onOff('off'), onOff(undefined)]).toEqual([true, false, undefined]);
  });

  it('takes exactly one policy target', () => {
    expect(pickTarget({ global: true })).toEqual({ kind: 'global' });
    expect(pickTarget({ user: 'alice' })).toEqual({ kind: 'user', text: 'alice' });
    expect(pickTarget({ group: 'legal' })).toEqual({ kind: 'group', text: 'legal' });
    expect(() => pickTarget({})).toThrow('give exactly one of --global, --user USER or --group GROUP');
    expect(() => pickTarget({ global: true, user: 'alice' })).toThrow('give exactly one of --global, --user USER or --group GROUP');
  });

  it('takes exactly one role holder', () => {
    expect(pickHolder({ group: 'it-admins' })).toEqual({ kind: 'group', text: 'it-admins' });
    expect(() => pickHolder({})).toThrow('give exactly one of --user USER or --group GROUP');
    expect(() => pickHolder({ user: 'a', group: 'b' })).toThrow('give exactly one of --user USER or --group GROUP');
  });
});
