import { ValidationError } from '@parley/contracts';
import { contentDisposition, sanitizeFileName } from './file-name.js';

describe('file names', () => {
  it('keeps the last path segment, without control, bidi-override or Windows-forbidden characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\ann\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(sanitizeFileName('what? <really>.txt')).toBe('what_ _really_.txt');
    expect(sanitizeFileName('  spaced   out .txt. ')).toBe('spaced out .txt');
  });

  it('refuses hidden and reserved names, and names with nothing left', () => {
    expect(sanitizeFileName('.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(() => sanitizeFileName('../..')).toThrow(ValidationError);
    expect(() => sanitizeFileName('\u202E')).toThrow(/name: has no usable characters/);
  });

  it('keeps non-Latin names, normalised, and cuts long ones keeping the extension', () => {
    expect(sanitizeFileName('Re\u0301sume\u0301 日本.pdf')).toBe('Résumé 日本.pdf');
    const long = sanitizeFileName(`${'é'.repeat(300)}.docx`);
    expect([...long]).toHaveLength(255);
    expect(long.endsWith('é.docx')).toBe(true);
  });

  it('writes Content-Disposition that no name can break out of', () => {
    expect(contentDisposition('attachment', 'report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('inline', 'Résumé "final"; 100%.txt')).toBe(
      `inline; filename="Resume _final_; 100_.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%3B%20100%25.txt`,
    );
    expect(contentDisposition('attachment', '日本.txt')).toBe(`attachment; filename=".txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`);
  });
});
