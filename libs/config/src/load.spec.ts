import { commonSettings, httpPortSetting } from './common.js';
import { ConfigError, describeConfig, loadConfig } from './load.js';
import { parse, setting } from './settings.js';

const shape = { ...commonSettings, httpPort: httpPortSetting('channel') };

describe('loadConfig', () => {
  it('applies defaults and returns a frozen, typed configuration', () => {
    const config = loadConfig(shape, {});
    expect(config.httpPort).toBe(8081);
    expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
    expect(config.telemetry).toBe(false);
    expect(config.natsUser).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses values from the environment', () => {
    const config = loadConfig(shape, { PARLEY_NATS_URL: 'nats://a:4222, nats://b:4222', PARLEY_TELEMETRY: 'yes', PARLEY_HTTP_PORT: '9000' });
    expect(config.natsServers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(config.telemetry).toBe(true);
    expect(config.httpPort).toBe(9000);
  });

  it('lists every bad variable at once, hiding secrets', () => {
    const withSecret = { ...shape, key: setting('PARLEY_KEY', parse.string(8), 'a key', { secret: true }) };
    let error: ConfigError | undefined;
    try {
      loadConfig(withSecret, { PARLEY_HTTP_PORT: 'eighty', PARLEY_TELEMETRY: 'maybe', PARLEY_NATS_URL: 'http://x', PARLEY_KEY: 'far-too-long-secret' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.env)).toEqual(['PARLEY_NATS_URL', 'PARLEY_TELEMETRY', 'PARLEY_HTTP_PORT', 'PARLEY_KEY']);
    expect(error!.message).toContain('PARLEY_TELEMETRY: must be true or false (got "maybe")');
    expect(error!.message).not.toContain('far-too-long-secret');
  });

  it('reports a required variable that is missing', () => {
    const required = { key: setting('PARLEY_REQUIRED', parse.string(), 'something needed') };
    expect(() => loadConfig(required, {})).toThrow(/PARLEY_REQUIRED: is required \(something needed\)/);
  });

  it('documents settings as a table', () => {
    expect(describeConfig(shape)).toContain('| `PARLEY_HTTP_PORT` | `8081` | HTTP port of the channel service |');
  });
});
