import { ValidationError } from '@parley/contracts';
import { parseSearchTerms, tokensOf } from './search-terms.js';

describe('parseSearchTerms', () => {
  it('reads "quoted phrases" and plain words, and nothing else', () => {
    expect(parseSearchTerms('  release "next friday"  notes ')).toEqual({ words: ['release', 'notes'], phrases: ['next friday'] });
    expect(parseSearchTerms('a OR b NOT c NEAR(d e) -f g* h:i')).toEqual({ words: ['a', 'OR', 'b', 'NOT', 'c', 'NEAR(d', 'e)', '-f', 'g*', 'h:i'], phrases: [] });
  });

  it('runs an unclosed quote to the end, and squeezes the spaces of phrases', () => {
    expect(parseSearchTerms('go "to   the end')).toEqual({ words: ['go'], phrases: ['to the end'] });
  });

  it('drops terms with no letter or digit, which no index could match', () => {
    expect(parseSearchTerms(`% _ ' * - : ( ) "" " ! " &`)).toEqual({ words: [], phrases: [] });
    expect(parseSearchTerms('50% café 東京')).toEqual({ words: ['50%', 'café', '東京'], phrases: [] });
  });

  it('refuses more than 16 terms', () => {
    expect(() => parseSearchTerms(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toThrow(ValidationError);
  });

  it('splits a typed word into the tokens full-text engines see', () => {
    expect(['NEAR(alpha', 'x-y', "it's", 'alice@example.com', '*'].map(tokensOf)).toEqual([['NEAR', 'alpha'], ['x', 'y'], ['it', 's'], ['alice', 'example', 'com'], []]);
  });
});
