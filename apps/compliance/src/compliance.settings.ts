import { parse, setting } from '@parley/config';
import { z } from 'zod';

const formats = z
  .string()
  .transform((s) => [...new Set(s.split(',').map((f) => f.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(['xml', 'jsonl', 'csv'], { error: 'must be xml, jsonl or csv (comma-separated)' })).min(1, 'must name at least one format'));

/** Settings of the compliance service beyond the common ones (docs/configuration.md). */
export const complianceSettings = {
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` access tokens must carry (as provisioning issues them)', { default: 'parley' }),
  database: setting('PARLEY_COMPLIANCE_DB', parse.optionalString(2_048), 'the compliance archive: sqlite:<file>, postgres://... or mssql://... (its own database, docs/compliance.md)', {
    default: '',
    defaultDoc: 'sqlite:<PARLEY_DATA_DIR>/compliance.sqlite',
  }),
  exportDir: setting('PARLEY_COMPLIANCE_EXPORT_DIR', parse.optionalString(2_048), 'the folder scheduled exports write their runs to', {
    default: '',
    defaultDoc: '<PARLEY_DATA_DIR>/compliance-export',
  }),
  exportIntervalMin: setting('PARLEY_COMPLIANCE_EXPORT_INTERVAL_MIN', parse.int(0, 7 * 24 * 60), 'minutes between scheduled export runs; 0: no scheduled exports', { default: '15' }),
  exportFormats: setting('PARLEY_COMPLIANCE_EXPORT_FORMATS', formats, 'formats of scheduled exports, comma-separated: xml (Group Chat XML), jsonl, csv', { default: 'xml' }),
  oneRoomPerFile: setting('PARLEY_COMPLIANCE_EXPORT_ONE_ROOM_PER_FILE', parse.bool(), 'scheduled runs write one file per room (and one for records about no room) instead of one per format', {
    default: 'false',
  }),
  roomDetails: setting('PARLEY_COMPLIANCE_EXPORT_ROOM_DETAILS', parse.bool(), 'exports describe each room: category path, description, privacy, type', { default: 'true' }),
  userDetails: setting('PARLEY_COMPLIANCE_EXPORT_USER_DETAILS', parse.bool(), 'exports describe each sender: display name and account source', { default: 'true' }),
  fileStore: setting('PARLEY_FILE_STORE', parse.optionalString(2_048), 'where posted files are (as the files service has them), to copy them into scheduled exports: local:<directory>', {
    default: '',
    defaultDoc: 'local:<PARLEY_DATA_DIR>/files',
  }),
  retentionIntervalH: setting('PARLEY_COMPLIANCE_RETENTION_INTERVAL_H', parse.int(0, 24 * 30), 'hours between retention runs (purges of records older than their policy); 0: only on demand', {
    default: '24',
  }),
};
