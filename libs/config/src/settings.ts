import { z } from 'zod';

/**
 * One environment variable: its name, its schema (which parses the raw string), its default, and
 * a line of documentation. Service configurations are objects of settings; `loadConfig` reads them
 * all at once and reports every bad one together.
 */
export interface Setting<T = unknown> {
  readonly env: string;
  readonly schema: z.ZodType<T>;
  readonly doc: string;
  /** The default as it would be written in the environment; undefined means required. */
  readonly default?: string;
  /** Hide the value in dumps and error messages (passwords, keys). */
  readonly secret?: boolean;
  /** How the default is described in the docs, when it is computed at start-up. */
  readonly defaultDoc?: string;
}

export type SettingValue<S> = S extends Setting<infer T> ? T : never;
export type ConfigShape = Record<string, Setting>;
export type ConfigOf<C extends ConfigShape> = { readonly [K in keyof C]: SettingValue<C[K]> };

export function setting<T>(
  env: string,
  schema: z.ZodType<T>,
  doc: string,
  options: { default?: string; secret?: boolean; defaultDoc?: string } = {},
): Setting<T> {
  return { env, schema, doc, ...options };
}

/** Parsers for raw environment strings. */
export const parse = {
  string: (max = 1024) => z.string().min(1).max(max),
  optionalString: (max = 1024) => z.string().max(max).optional().transform((s) => (s ? s : undefined)),
  port: () => z.coerce.number().int().min(0, 'must be a port (0-65535)').max(65535, 'must be a port (0-65535)'),
  int: (min: number, max: number) => z.coerce.number().int(`must be a whole number from ${min} to ${max}`).min(min).max(max),
  bool: () =>
    z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' }).transform((v) => ['true', '1', 'yes', 'on'].includes(v)),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of: ${values.join(', ')}` }),
  /** A comma-separated list of nats:// (or tls://, ws://) URLs. */
  natsServers: () =>
    z
      .string()
      .min(1)
      .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'must be nats://host:port (comma-separated for several)')).min(1)),
  url: () => z.url(),
  /** A URL, or empty for none. */
  optionalUrl: () => z.union([z.literal(''), z.url()]).optional().transform((s) => (s ? s : undefined)),
  /** A NATS namespace: empty, or lower-case letters, digits, '-' and '_' starting with a letter. */
  namespace: () => z.string().regex(/^([a-z][a-z0-9_-]{0,31})?$/, 'must be empty or 1-32 lower-case letters, digits, "-" or "_", starting with a letter'),
};
