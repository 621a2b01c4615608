import { mentions, messagePieces, safeHref } from './message-text.js';

describe('messagePieces', () => {
  it('keeps plain text as one text piece', () => {
    expect(messagePieces('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
  });

  it('finds http(s) links, leaving trailing punctuation to the sentence', () => {
    expect(messagePieces('see https://example.com/a?b=1, and http://x.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(messagePieces('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('finds @mentions, but not e-mail addresses', () => {
    expect(messagePieces('@alice ping bob@example.com and @bob.')).toEqual([
      { kind: 'mention', text: '@alice', name: 'alice' },
      { kind: 'text', text: ' ping bob@example.com and ' },
      { kind: 'mention', text: '@bob', name: 'bob' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves markup and script links as text', () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror="alert(1)"> javascript:alert(1) data:text/html,<b>x</b>';
    expect(messagePieces(hostile)).toEqual([{ kind: 'text', text: hostile }]);
  });

  it('does not let a link swallow markup after it', () => {
    expect(messagePieces('https://a.example/<img>')).toEqual([
      { kind: 'link', text: 'https://a.example/', href: 'https://a.example/' },
      { kind: 'text', text: '<img>' },
    ]);
  });
});

describe('safeHref', () => {
  it('allows only http, https and mailto', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
  });
});

describe('mentions', () => {
  it('matches a mention of the name, case-insensitively', () => {
    expect(mentions('hi @Alice', 'alice')).toBe(true);
    expect(mentions('hi alice@example.com', 'alice')).toBe(false);
  });
});
