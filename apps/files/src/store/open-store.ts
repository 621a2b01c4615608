import { join } from 'node:path';
import { ConfigError } from '@parley/config';
import type { FilesConfig } from '../files.config.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-store.js';
import { S3BlobStore } from './s3-store.js';

const invalid = (message: string, env = 'PARLEY_FILE_STORE') => new ConfigError([{ env, message }]);

/** The store PARLEY_FILE_STORE names: `local:<directory>` (default `<data dir>/files`) or `s3://<bucket>` with the PARLEY_S3_* settings. */
export function storeFromConfig(config: FilesConfig): BlobStore {
  const setting = config.store ?? `local:${join(config.dataDir, 'files')}`;
  if (setting.startsWith('local:')) {
    const dir = setting.slice('local:'.length);
    if (!dir) throw invalid('local: needs a directory, e.g. local:/var/lib/parley/files');
    return new LocalBlobStore(dir);
  }
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?$/.exec(setting);
  if (!s3) throw invalid('must be local:<directory> or s3://<bucket> (a bucket name: 3-63 lower-case letters, digits, "." and "-")');
  if (!config.s3Endpoint || !/^https?:\/\/[^/]+\/?$/.test(config.s3Endpoint)) {
    throw invalid('an s3:// store needs the server, e.g. http://minio:9000', 'PARLEY_S3_ENDPOINT');
  }
  return new S3BlobStore({
    endpoint: config.s3Endpoint,
    bucket: s3[1]!,
    region: config.s3Region,
    accessKey: config.s3AccessKey ?? '',
    secretKey: config.s3SecretKey ?? '',
    pathStyle: config.s3PathStyle,
  });
}
