import { S3rverServer } from '@parley/supervisor';
import { tempDir } from './temp.js';

export interface TestS3 {
  server: S3rverServer;
  /** http://127.0.0.1:<port> */
  url: string;
  accessKey: string;
  secretKey: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Starts an S3 server (s3rver) on a free loopback port with a temporary data directory; it dies with
 * the test process. `server.stop()` + `server.restart()` take it down and bring it back on the same
 * port and data, to test a store that does not answer.
 */
export async function startS3(): Promise<TestS3> {
  const data = tempDir('parley-s3-');
  const server = await S3rverServer.start({ entry: require.resolve('s3rver/bin/s3rver.js'), dir: data.path });
  return {
    server,
    url: server.url,
    accessKey: S3rverServer.accessKey,
    secretKey: S3rverServer.secretKey,
    async stop() {
      await server.stop();
      data.remove();
    },
  };
}
