import { showableInline, sniffContentType } from './sniff.js';

const bytes = (...values: (number | string)[]) => Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

/** The first bytes of a ZIP whose first entry is `name` (stored), followed by `content`. */
const zip = (name: string, content = '') => Buffer.concat([bytes('PK\x03\x04'), Buffer.alloc(22), Buffer.from([name.length, 0, 0, 0]), Buffer.from(name + content, 'latin1')]);

describe('sniffing the type of a file from its content', () => {
  it('knows common formats by their magic numbers, whatever the name says', () => {
    expect(sniffContentType(bytes(0x89, 'PNG\r\n\x1a\n', 'rest'), 'photo.txt', false)).toBe('image/png');
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0), 'a.png', false)).toBe('image/jpeg');
    expect(sniffContentType(bytes('%PDF-1.7\n'), 'notes.txt', false)).toBe('application/pdf');
    expect(sniffContentType(bytes('MZ', 0x90, 0), 'harmless.pdf', false)).toBe('application/vnd.microsoft.portable-executable');
    expect(sniffContentType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'x', false)).toBe('image/webp');
    expect(sniffContentType(bytes(0, 0, 0, 0x20, 'ftypisom'), 'x', false)).toBe('video/mp4');
    expect(sniffContentType(bytes(0, 0, 0, 0x20, 'ftypheic'), 'x', false)).toBe('image/heic');
    expect(sniffContentType(bytes(0x1f, 0x8b, 8), 'x.tar.gz', false)).toBe('application/gzip');
  });

  it('tells Office and OpenDocument files from plain ZIPs', () => {
    expect(sniffContentType(zip('[Content_Types].xml', '...word/document.xml'), 'a.zip', false)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffContentType(zip('[Content_Types].xml', '...xl/workbook.xml'), 'a', false)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniffContentType(zip('mimetype', 'application/vnd.oasis.opendocument.textPK'), 'a', false)).toBe('application/vnd.oasis.opendocument.text');
    expect(sniffContentType(zip('photos/1.jpg'), 'a.docx', false)).toBe('application/zip');
  });

  it('takes UTF-8 without NUL bytes for text, refined by the name only among text types', () => {
    expect(sniffContentType(Buffer.from('hello, wörld\n'), 'notes', true)).toBe('text/plain; charset=utf-8');
    expect(sniffContentType(Buffer.from('a,b\n1,2\n'), 'data.csv', true)).toBe('text/csv');
    expect(sniffContentType(Buffer.from('{"a":1}'), 'x.json', true)).toBe('application/json');
    expect(sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png', true)).toBe('image/svg+xml');
    expect(sniffContentType(Buffer.from('<!DOCTYPE html><p>hi'), 'x.txt', true)).toBe('text/html');
  });

  it('accepts a character cut by the end of the sniffed bytes only when the file goes on', () => {
    const cut = Buffer.from('abc€').subarray(0, 5);
    expect(sniffContentType(cut, 'x', false)).toBe('text/plain; charset=utf-8');
    expect(sniffContentType(cut, 'x', true)).toBe('application/octet-stream');
  });

  it('calls anything else, and empty files, application/octet-stream', () => {
    expect(sniffContentType(Buffer.from([0, 1, 2, 3, 0xfe]), 'x.csv', false)).toBe('application/octet-stream');
    expect(sniffContentType(Buffer.alloc(0), 'empty.txt', true)).toBe('application/octet-stream');
  });

  it('lets browsers show only raster images and plain text in place', () => {
    expect(showableInline('image/png')).toBe(true);
    expect(showableInline('text/plain; charset=utf-8')).toBe(true);
    expect(showableInline('image/svg+xml')).toBe(false);
    expect(showableInline('text/html')).toBe(false);
    expect(showableInline('application/pdf')).toBe(false);
  });
});
