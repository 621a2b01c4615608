import { followErrorLevel } from './errors.js';

describe('followErrorLevel', () => {
  const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

  it('warns of what a follower recovers from by itself', () => {
    expect(followErrorLevel(named('ConsumerSilentError'))).toBe('warn');
    expect(followErrorLevel(named('TimeoutError'))).toBe('warn');
    expect(followErrorLevel(named('NoRespondersError'))).toBe('warn');
    expect(followErrorLevel(new Error('jetstream system temporarily unavailable'))).toBe('warn');
  });

  it('errs on the rest: a handler that threw, an event that could not be decoded', () => {
    expect(followErrorLevel(new TypeError('cannot read properties of undefined'))).toBe('error');
    expect(followErrorLevel('not even an error')).toBe('error');
  });
});
