import { ValidationError } from '@parley/contracts';
import { z } from 'zod';

/** For repeatable options: `--member a --member b` gives ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive whole number from an option's text. */
export function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new ValidationError(`${option} must be a whole number above 0, got "${text}"`);
  return Number(text);
}

/** A whole number above 0 and at most `max` (a server's page size). */
export function wholeNumberUpTo(text: string, option: string, max: number): number {
  const value = wholeNumber(text, option);
  if (value > max) throw new ValidationError(`${option} must be at most ${max}, got ${value}`);
  return value;
}

/** A room's message seq: a whole number, 0 or more (`--after 0` reads from the start). */
export function seqNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw new ValidationError(`${option} must be a message's seq (a whole number, 0 or more), got "${text}"`);
  return Number(text);
}

/** As the history API reads dates: a day (UTC) or an instant with its offset. */
const DateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** A date (`2026-03-01`: that day from 00:00 UTC) or an instant with its offset (`2026-03-01T09:30:00+01:00`). */
export function dateOrInstant(text: string, option: string): string {
  const value = text.trim();
  if (!DateOrInstant.safeParse(value).success) {
    throw new ValidationError(`${option} must be a date like 2026-03-01 (UTC) or an instant with its offset like 2026-03-01T09:30:00Z, got "${text}"`);
  }
  return value;
}

/** `on`/`off` option values as booleans (commander restricts them to these two). */
export function onOff(text: string | undefined): boolean | undefined {
  return text === undefined ? undefined : text === 'on';
}

/** The options that pick whom a policy or role applies to. */
export interface TargetOptions {
  global?: boolean;
  user?: string;
  group?: string;
}

/** A user or a group, as named on the command line (name or id). */
export type Holder = { kind: 'user' | 'group'; text: string };
export type Target = { kind: 'global' } | Holder;

/** Exactly one of `--user U | --group G` (role holders). */
export function pickHolder(options: Omit<TargetOptions, 'global'>): Holder {
  if ((options.user === undefined) === (options.group === undefined)) throw new Error('give exactly one of --user USER or --group GROUP');
  return options.user !== undefined ? { kind: 'user', text: options.user } : { kind: 'group', text: options.group! };
}

/** Exactly one of `--global | --user U | --group G` (policy targets). */
export function pickTarget(options: TargetOptions): Target {
  const given = [options.global, options.user !== undefined, options.group !== undefined].filter(Boolean).length;
  if (given !== 1) throw new Error('give exactly one of --global, --user USER or --group GROUP');
  return options.global ? { kind: 'global' } : pickHolder(options);
}
