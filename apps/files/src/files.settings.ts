import { parse, setting } from '@parley/config';

/** Settings of the files service beyond the common ones (docs/configuration.md). */
export const filesSettings = {
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` access tokens must carry (as provisioning issues them)', { default: 'parley' }),
  store: setting('PARLEY_FILE_STORE', parse.optionalString(2_048), 'where file contents go: local:<directory>, or s3://<bucket> with the PARLEY_S3_* settings (docs/files.md)', {
    default: '',
    defaultDoc: 'local:<PARLEY_DATA_DIR>/files',
  }),
  s3Endpoint: setting('PARLEY_S3_ENDPOINT', parse.optionalString(2_048), 'the S3 / MinIO server of an s3:// store, e.g. http://minio:9000 (https:// for TLS)', { default: '' }),
  s3Region: setting('PARLEY_S3_REGION', parse.string(64), 'the region of the bucket', { default: 'us-east-1' }),
  s3AccessKey: setting('PARLEY_S3_ACCESS_KEY', parse.optionalString(256), 'the access key of the S3 store', { default: '' }),
  s3SecretKey: setting('PARLEY_S3_SECRET_KEY', parse.optionalString(256), 'its secret key', { default: '', secret: true }),
  s3PathStyle: setting('PARLEY_S3_PATH_STYLE', parse.bool(), 'address the bucket in the path (MinIO, most servers) rather than in the host name', { default: 'true' }),
  database: setting('PARLEY_FILES_DB', parse.optionalString(2_048), 'file metadata database: sqlite:<file>, postgres://... or mssql://...', {
    default: '',
    defaultDoc: 'sqlite:<PARLEY_DATA_DIR>/files.sqlite',
  }),
  clamdUrl: setting('PARLEY_CLAMD_URL', parse.optionalString(1_024), 'a ClamAV daemon that scans every upload, tcp://host:3310 or unix:<socket>; empty: no scanning', { default: '' }),
  linkTtlS: setting('PARLEY_FILE_LINK_TTL_S', parse.int(10, 86_400), 'how long a signed download link works, in seconds', { default: '300' }),
  sweepGraceS: setting('PARLEY_FILE_SWEEP_GRACE_S', parse.int(60, 7 * 86_400), 'how old an upload that no FilePosted event names must be before its object is removed', {
    default: '3600',
  }),
};
