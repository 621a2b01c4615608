import { collect, onOff, pickHolder, pickTarget, wholeNumber } from './values.js';

describe('option values', () => {
  it('collects repeated options', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });

  it('reads whole numbers above zero, naming the option otherwise', () => {
    expect(wholeNumber('25', '--limit')).toBe(25);
    for (const bad of ['0', '-1', '2.5', 'ten', '']) expect(() => wholeNumber(bad, '--limit')).toThrow(`--limit must be a whole number above 0, got "${bad}"`);
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
