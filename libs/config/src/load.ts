import type { ConfigOf, ConfigShape, Setting } from './settings.js';

/** The configuration is invalid; the message lists every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { env: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.env}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads every setting from the environment at once, applies defaults, and returns a frozen, typed
 * configuration, or throws a ConfigError naming every variable that is missing or wrong.
 */
export function loadConfig<C extends ConfigShape>(shape: C, env: NodeJS.ProcessEnv = process.env): ConfigOf<C> {
  const problems: { env: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(shape)) {
    const raw = env[s.env] ?? s.default;
    if (raw === undefined) {
      problems.push({ env: s.env, message: `is required (${s.doc})` });
      continue;
    }
    const result = s.schema.safeParse(raw);
    if (result.success) out[key] = result.data;
    else {
      const shown = s.secret ? '' : ` (got ${JSON.stringify(raw)})`;
      problems.push({ env: s.env, message: `${result.error.issues.map((i) => i.message).join('; ')}${shown}` });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<C>;
}

/** A Markdown table of settings, for docs/configuration.md and `--help` output. */
export function describeConfig(shape: ConfigShape): string {
  const shown = (s: Setting) =>
    s.defaultDoc ?? (s.default === undefined ? '*required*' : s.default === '' ? '(empty)' : `\`${s.default}\``);
  const rows = Object.values(shape).map((s) => `| \`${s.env}\` | ${shown(s)} | ${s.doc} |`);
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}
