import { ValidationError } from '@parley/contracts';
import { encodeWatermark, formatGeneralizedTime, nextTimeWatermark, parseGeneralizedTime, parseWatermark } from './watermark.js';

describe('watermarks', () => {
  it('round-trip, and refuse what this library did not write', () => {
    for (const w of [{ usn: '12345', server: 'CN=NTDS Settings,CN=DC1' }, { modifyTimestamp: '20250131235959Z' }]) {
      expect(parseWatermark(encodeWatermark(w))).toEqual(w);
    }
    expect(() => parseWatermark('12345')).toThrow(ValidationError);
    expect(() => parseWatermark('{"usn":"x","server":"s"}')).toThrow(ValidationError);
    expect(() => parseWatermark('not json')).toThrow(ValidationError);
  });

  it('read and write GeneralizedTime, with offsets and fractions', () => {
    const at = Date.UTC(2025, 0, 31, 23, 59, 59);
    expect(parseGeneralizedTime('20250131235959Z')).toBe(at);
    expect(parseGeneralizedTime('20250201005959.5+0100')).toBe(at);
    expect(parseGeneralizedTime('yesterday')).toBeUndefined();
    expect(formatGeneralizedTime(at + 999)).toBe('20250131235959Z');
  });

  it('step back from the newest change seen by the read duration and one second, never behind the previous one', () => {
    const newest = Date.UTC(2025, 0, 1, 12, 0, 30);
    expect(nextTimeWatermark(newest, 4_200)).toEqual({ modifyTimestamp: '20250101120024Z' });
    expect(nextTimeWatermark(newest, 4_200, Date.UTC(2025, 0, 1, 12, 0, 29))).toEqual({ modifyTimestamp: '20250101120029Z' });
    expect(nextTimeWatermark(undefined, 10)).toEqual({ modifyTimestamp: '19700101000000Z' });
  });
});
