import type { PrincipalView } from '@parley/sdk';

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `label: value` lines with the values aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([label]) => label.length)) + 2;
  return pairs.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`.trimEnd()).join('\n');
}

/** A principal in the syntax the command line accepts: `user:alice`, `group:backend`, `ou:<DN>`, `everyone`. */
export function principal(p: PrincipalView): string {
  return p.kind === 'everyone' ? 'everyone' : `${p.kind}:${p.label}`;
}

export function principals(list: readonly PrincipalView[], empty = '-'): string {
  return list.length ? list.map(principal).join(', ') : empty;
}

export function onOffText(value: boolean): string {
  return value ? 'on' : 'off';
}
