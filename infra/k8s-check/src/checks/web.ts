import { UPSTREAM_SETTINGS, UPSTREAMS, webSettings, type Upstream } from '@parley/web-gateway';
import { at, byKind, list, ref, type KObject, type Problem } from '../manifest.js';
import { resolveHost, urlsIn } from '../services.js';
import type { ParleyContainer } from './parley.js';

/**
 * The web client's server forwards each API path to one service: each address it has must lead
 * to that service's pods on the port the service listens on (live sessions: to channel pods), and
 * an Ingress rule must lead browsers to it. Addresses that lead nowhere are named by parleyProblems.
 */
export function webProblems(parley: readonly ParleyContainer[], objects: readonly KObject[]): Problem[] {
  const web = parley.find((p) => p.service === 'web');
  if (!web?.config) return [];
  const problems: Problem[] = [];
  const say = (message: string) => problems.push({ object: ref(web.workload), message: `container ${web.container.name}: ${message}` });
  const addresses: [env: string, url: string, service: Upstream][] = UPSTREAMS.map((service) => {
    const key = UPSTREAM_SETTINGS[service];
    return [webSettings[key].env, web.config![key] as string, service];
  });
  for (const url of web.config['liveChannelUrls'] as string[]) addresses.push([webSettings.liveChannelUrls.env, url, 'channel']);
  for (const [env, url, service] of addresses) {
    const [address] = urlsIn(url);
    const target = address && resolveHost(address.host, address.port, objects);
    if (!target || typeof target === 'string') continue;
    const port = parley.find((p) => p.service === service)?.config?.['httpPort'];
    for (const { workload, containerPort } of target.backends) {
      if (workload.kind !== 'Deployment' || workload.metadata.name !== service) say(`${env} is ${url}, which leads to ${ref(workload)}, not to the ${service} service`);
      else if (port !== undefined && containerPort !== port) say(`${env} is ${url}, which reaches port ${containerPort} of the ${service} pods; the service listens on ${String(port)}`);
    }
  }
  const served = byKind(objects, 'Ingress')
    .flatMap((i) => list(i, 'spec', 'rules'))
    .flatMap((rule) => list(rule, 'http', 'paths'))
    .some((path) => at(path, 'backend', 'service', 'name') === 'web');
  if (!served) problems.push({ object: 'Ingress', message: 'no Ingress rule leads to Service web: browsers cannot open the web client' });
  return problems;
}
