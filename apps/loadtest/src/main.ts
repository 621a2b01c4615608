#!/usr/bin/env node
import { loadMain } from '@parley/load';

loadMain(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env }).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`parley-load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
