#!/usr/bin/env node
import { nodeContext } from './context.js';
import { failureLine } from './errors.js';
import { buildProgram } from './program.js';

buildProgram(nodeContext(process.env))
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`${failureLine(error)}\n`);
    process.exit(1);
  });
