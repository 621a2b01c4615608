import { Command, Option } from 'commander';
import { DEFAULT_PORTS, type ServiceName } from '@parley/config';

interface ServiceStatus {
  service: ServiceName;
  url: string;
  ready: boolean;
  detail: string;
}

async function check(service: ServiceName, url: string, timeoutMs: number): Promise<ServiceStatus> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as { checks?: Record<string, string>; details?: Record<string, string> };
    const detail = response.ok ? 'ready' : Object.entries(body.details ?? body.checks ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ') || `HTTP ${response.status}`;
    return { service, url, ready: response.ok, detail };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { service, url, ready: false, detail: cause === 'ECONNREFUSED' ? 'not running' : (error as Error).message };
  }
}

export function statusCommand(): Command {
  return new Command('status')
    .description('show whether each Parley service answers and is ready')
    .option('--host <host>', 'the server to check', '127.0.0.1')
    .option('--scheme <scheme>', 'http or https', 'http')
    .option('--port-base <port>', 'port of the first service (lookup); the others follow in order', String(DEFAULT_PORTS.lookup))
    .addOption(new Option('--timeout <ms>', 'how long to wait for each service').default('3000'))
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExit status: 0 when every service is ready, 1 otherwise.')
    .action(async (options: { host: string; scheme: string; portBase: string; timeout: string; json?: boolean }) => {
      const base = Number(options.portBase);
      if (!Number.isInteger(base) || base < 1 || base > 65531) throw new Error(`--port-base must be a port number, got "${options.portBase}"`);
      const services = Object.keys(DEFAULT_PORTS) as ServiceName[];
      const statuses = await Promise.all(
        services.map((service, i) => check(service, `${options.scheme}://${options.host}:${base + i}`, Number(options.timeout))),
      );
      if (options.json) console.log(JSON.stringify(statuses, null, 2));
      else for (const s of statuses) console.log(`${s.service.padEnd(13)} ${(s.ready ? 'ready' : 'NOT READY').padEnd(10)} ${s.url.padEnd(28)} ${s.ready ? '' : s.detail}`);
      process.exitCode = statuses.every((s) => s.ready) ? 0 : 1;
    });
}
