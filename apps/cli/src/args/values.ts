/** For repeatable options: `--member a --member b` gives ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive whole number from an option's text. */
export function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new Error(`${option} must be a whole number above 0, got "${text}"`);
  return Number(text);
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
