import { parse, setting } from '@parley/config';

/** Settings of the channel service beyond the common ones (docs/configuration.md). */
export const channelSettings = {
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` access tokens must carry (as provisioning issues them)', { default: 'parley' }),
  heartbeatMs: setting('PARLEY_WS_HEARTBEAT_MS', parse.int(1_000, 300_000), 'how often live sessions are pinged; one that misses a ping is dropped', { default: '15000' }),
  postsPerSecond: setting('PARLEY_POSTS_PER_SECOND', parse.int(1, 10_000), 'messages (posts, edits, redactions) one session may send per second, on average', { default: '10' }),
  postBurst: setting('PARLEY_POST_BURST', parse.int(1, 10_000), 'messages one session may send at once before the per-second rate applies', { default: '20' }),
  sendBufferKb: setting('PARLEY_SEND_BUFFER_KB', parse.int(16, 1_048_576), 'unsent data a session may have queued before it is told to resync (a slow reader never delays others)', { default: '1024' }),
};
