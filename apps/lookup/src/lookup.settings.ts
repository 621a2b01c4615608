import { parse, setting } from '@parley/config';

/** Settings of the lookup service beyond the common ones (docs/configuration.md). */
export const lookupSettings = {
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` access tokens must carry (as provisioning issues them)', { default: 'parley' }),
  database: setting('PARLEY_LOOKUP_DB', parse.optionalString(2_048), 'the room directory database: sqlite:<file>, postgres://... or mssql://...', {
    default: '',
    defaultDoc: 'sqlite:<PARLEY_DATA_DIR>/lookup.sqlite',
  }),
  deadAfterMs: setting('PARLEY_INSTANCE_DEAD_AFTER_MS', parse.int(1_000, 120_000), 'a channel server not heard from for this long is dead: its rooms move, its clients go elsewhere', {
    default: '4000',
  }),
};
