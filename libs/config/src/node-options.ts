/**
 * The Node.js options channel servers run with (the launcher, and NODE_OPTIONS in k8s/base/channel.yaml,
 * which infra/k8s-check holds to this): a young generation of 64 MiB semi-spaces instead of 16. A
 * channel server allocates for every message it handles (frames, unread counts, topic feed matches
 * for every user whose filter it matches), and V8's minor collections, each a pause, come four times
 * less often; `npm run bench -- feeds` measures the feed fold under the same options. It costs up to
 * ~150 MiB more heap per channel process.
 */
export const CHANNEL_NODE_OPTIONS = '--max-semi-space-size=64';
