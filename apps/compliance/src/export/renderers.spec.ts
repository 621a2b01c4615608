import { cell } from './csv.renderer.js';
import { attr, dateTime } from './xml.renderer.js';

describe('export formats', () => {
  it('XML attributes keep line breaks and tabs, escape markup, and replace what XML cannot carry', () => {
    expect(attr('a < b & "c"\nd\te')).toBe('a &lt; b &amp; &quot;c&quot;&#10;d&#9;e');
    expect(attr('bell\u0007 and a lone \uD800 surrogate, 😀 kept')).toBe('bell\uFFFD and a lone \uFFFD surrogate, 😀 kept');
  });

  it('XML times in Group Chat’s three spellings, ticks exact beyond 2^53', () => {
    expect(dateTime('DateTimeUTC', 1212610540953, '')).toBe('<DateTimeUTC since1970="1212610540953" string="2008-06-04T20:15:40.953Z" long="633482073409530000" />\n');
  });

  it('CSV cells are quoted when needed, and never run as spreadsheet formulas', () => {
    expect(cell('plain')).toBe('plain');
    expect(cell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(cell('=HYPERLINK("http://evil.test")')).toBe('"\'=HYPERLINK(""http://evil.test"")"');
    expect(cell('-1+2')).toBe("'-1+2");
  });
});
