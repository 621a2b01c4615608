import type { Command } from 'commander';
import type { ComplianceClient } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { serverUrl } from '../session/server-url.js';
import { connect, type AdminOptions } from './admin-command.js';

/** Options of every compliance command: where the compliance service is. */
export interface ComplianceOptions extends AdminOptions {
  compliance?: string;
}

export function addComplianceOption(command: Command): Command {
  return command.option('--compliance <url>', 'the compliance service (default: the one the server advertises)');
}

/**
 * The compliance client: at --compliance, or where the server says the compliance service is
 * (GET /v1/endpoints; the launcher's topologies advertise it).
 */
export async function complianceClient(context: CliContext, options: ComplianceOptions): Promise<ComplianceClient> {
  const api = await connect(context, options);
  if (options.compliance !== undefined) return api.compliance(serverUrl(options.compliance, '--compliance'));
  const { compliance } = await api.endpoints();
  if (!compliance) throw new Error(`${api.server} does not advertise a compliance service (PARLEY_PUBLIC_COMPLIANCE_URL): give its address with --compliance URL`);
  return api.compliance(compliance);
}
