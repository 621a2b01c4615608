import { ConfigError, describeConfig, loadConfig } from '@parley/config';
import { upstreamsOf, webSettings } from './web-gateway.settings.js';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(webSettings, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('the web client’s server settings', () => {
  it('need nothing on one machine: port 8088, the services on their default ports, live sessions to the channel service', () => {
    const config = loadConfig(webSettings, {});
    expect(config.httpPort).toBe(8088);
    expect(config.distDir).toBeUndefined();
    expect(upstreamsOf(config)).toEqual({
      lookup: 'http://127.0.0.1:8080',
      channel: 'http://127.0.0.1:8081',
      files: 'http://127.0.0.1:8082',
      provisioning: 'http://127.0.0.1:8083',
      compliance: 'http://127.0.0.1:8084',
    });
    expect(config.liveChannelUrls).toEqual([]);
    expect(config.trustProxy).toBe(false);
  });

  it('read each service’s address and a list of channel servers', () => {
    const config = loadConfig(webSettings, {
      PARLEY_UPSTREAM_PROVISIONING_URL: 'http://provisioning:8083',
      PARLEY_UPSTREAM_FILES_URL: 'http://files',
      PARLEY_LIVE_CHANNEL_URLS: 'http://channel-1:8081, http://channel-2:8081/',
      PARLEY_WEB_DIST_DIR: '/srv/web',
    });
    expect(upstreamsOf(config)).toMatchObject({ provisioning: 'http://provisioning:8083', files: 'http://files' });
    expect(config.liveChannelUrls).toEqual(['http://channel-1:8081', 'http://channel-2:8081/']);
    expect(config.distDir).toBe('/srv/web');
  });

  it('name every bad variable at once', () => {
    const error = problemsOf({
      PARLEY_HTTP_PORT: 'web',
      PARLEY_UPSTREAM_LOOKUP_URL: 'https://lookup:8080',
      PARLEY_UPSTREAM_CHANNEL_URL: 'http://channel:8081/v1',
      PARLEY_LIVE_CHANNEL_URLS: 'http://channel-1:8081,channel-2',
      PARLEY_TRUST_PROXY: 'sometimes',
    });
    expect(error.problems.map((p) => p.env)).toEqual(['PARLEY_HTTP_PORT', 'PARLEY_UPSTREAM_LOOKUP_URL', 'PARLEY_UPSTREAM_CHANNEL_URL', 'PARLEY_LIVE_CHANNEL_URLS', 'PARLEY_TRUST_PROXY']);
    expect(error.message).toContain('PARLEY_UPSTREAM_LOOKUP_URL: must be http://host:port, without a path (the gateway speaks plain HTTP to the service) (got "https://lookup:8080")');
    expect(error.message).toContain('PARLEY_LIVE_CHANNEL_URLS: each must be http://host:port');
  });

  it('have a line of documentation each', () => {
    const table = describeConfig(webSettings);
    expect(table).toContain('| `PARLEY_HTTP_PORT` | `8088` | HTTP port of the web client’s server |');
    expect(table).toContain('| `PARLEY_WEB_DIST_DIR` | apps/web/dist of the installation |');
    expect(table).toContain('| `PARLEY_UPSTREAM_COMPLIANCE_URL` | `http://127.0.0.1:8084` |');
  });
});
