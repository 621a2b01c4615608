import { parse, setting } from '@parley/config';

/** Settings of the channel service beyond the common ones (docs/configuration.md). */
export const channelSettings = {
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` access tokens must carry (as provisioning issues them)', { default: 'parley' }),
  heartbeatMs: setting('PARLEY_WS_HEARTBEAT_MS', parse.int(1_000, 300_000), 'how often live sessions are pinged; one that misses a ping is dropped', { default: '15000' }),
  postsPerSecond: setting('PARLEY_POSTS_PER_SECOND', parse.int(1, 10_000), 'messages (posts, edits, redactions) one session may send per second, on average', { default: '10' }),
  postBurst: setting('PARLEY_POST_BURST', parse.int(1, 10_000), 'messages one session may send at once before the per-second rate applies', { default: '20' }),
  database: setting('PARLEY_CHANNEL_DB', parse.optionalString(2_048), 'history and search database: sqlite:<file>, postgres://... or mssql://... (docs/history.md)', {
    default: '',
    defaultDoc: 'sqlite:<PARLEY_DATA_DIR>/history.sqlite',
  }),
  sendBufferKb: setting('PARLEY_SEND_BUFFER_KB', parse.int(16, 1_048_576), 'unsent data a session may have queued before it is told to resync (a slow reader never delays others)', { default: '1024' }),
  advertiseUrl: setting('PARLEY_ADVERTISE_URL', parse.optionalUrl(), 'where clients reach this server for live sessions, as the lookup service hands it out (set it when they reach it on another address)', {
    default: '',
    defaultDoc: 'http://<PARLEY_HTTP_HOST, or 127.0.0.1 for 0.0.0.0>:<port>',
  }),
  instanceHeartbeatMs: setting('PARLEY_INSTANCE_HEARTBEAT_MS', parse.int(100, 60_000), 'how often this server renews its entry (address, sessions, rooms) in the instance registry', { default: '1000' }),
  deadAfterMs: setting('PARLEY_INSTANCE_DEAD_AFTER_MS', parse.int(1_000, 120_000), 'a channel server not heard from for this long is dead: its rooms move to the others (keep it equal on every service)', {
    default: '4000',
  }),
};
