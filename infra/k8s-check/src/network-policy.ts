import { at, byKind, list, selects, type KObject, type LabelSelector } from './manifest.js';

/**
 * Kubernetes NetworkPolicy semantics, for checking who may talk to whom: a pod selected by a policy
 * of a direction is isolated in that direction and accepts only what some rule of those policies
 * allows; a connection needs the source's egress and the destination's ingress.
 */

/** One end of a connection: a pod (its labels, namespace, named ports) or an address outside the cluster. */
export type Endpoint =
  | { pod: { labels: Record<string, string>; ports?: Record<string, number> }; namespace: string; namespaceLabels?: Record<string, string> }
  | { ip: string };

export interface Connection {
  port: number;
  protocol?: 'TCP' | 'UDP';
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface Rule {
  peers?: Peer[];
  ports?: PolicyPort[];
}

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const address = ipv4(ip);
  const start = ipv4(base!);
  if (address === undefined || start === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(start / size);
}

function namespaceLabels(end: Extract<Endpoint, { pod: unknown }>): Record<string, string> {
  return { 'kubernetes.io/metadata.name': end.namespace, ...end.namespaceLabels };
}

/** Whether a rule's peer is this endpoint, for a policy in `namespace`. */
function peerMatches(peer: Peer, end: Endpoint, namespace: string): boolean {
  if ('ip' in end) {
    // ipBlock is meant for addresses outside the cluster; for pods its effect depends on the network plugin.
    return peer.ipBlock !== undefined && inCidr(end.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(end.ip, c));
  }
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(end)) : end.namespace === namespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, end.pod.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(port: PolicyPort, connection: Connection, destination: Endpoint): boolean {
  if ((port.protocol ?? 'TCP') !== (connection.protocol ?? 'TCP')) return false;
  if (port.port === undefined) return true;
  const number = typeof port.port === 'string' ? ('pod' in destination ? destination.pod.ports?.[port.port] : undefined) : port.port;
  if (number === undefined) return false;
  return port.endPort !== undefined ? connection.port >= number && connection.port <= port.endPort : connection.port === number;
}

function types(policy: KObject): string[] {
  const declared = at(policy, 'spec', 'policyTypes') as string[] | undefined;
  return declared ?? ['Ingress', ...(at(policy, 'spec', 'egress') ? ['Egress'] : [])];
}

function rulesOf(policy: KObject, direction: 'ingress' | 'egress'): Rule[] {
  return list(policy, 'spec', direction).map((rule) => ({ peers: (rule[direction === 'ingress' ? 'from' : 'to'] as Peer[] | undefined) ?? undefined, ports: rule['ports'] as PolicyPort[] | undefined }));
}

function allowedAt(policies: readonly KObject[], self: Endpoint, other: Endpoint, direction: 'ingress' | 'egress', connection: Connection, destination: Endpoint): boolean {
  if ('ip' in self) return true;
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const applying = policies.filter((p) => p.metadata.namespace === self.namespace && types(p).includes(type) && selects(at(p, 'spec', 'podSelector') as LabelSelector, self.pod.labels));
  if (applying.length === 0) return true;
  return applying.some((policy) =>
    rulesOf(policy, direction).some(
      (rule) =>
        (!rule.peers || rule.peers.length === 0 || rule.peers.some((peer) => peerMatches(peer, other, policy.metadata.namespace!))) &&
        (!rule.ports || rule.ports.length === 0 || rule.ports.some((port) => portMatches(port, connection, destination))),
    ),
  );
}

/** Whether the policies among `objects` let `from` open `connection` to `to`. */
export function allowed(objects: readonly KObject[], from: Endpoint, to: Endpoint, connection: Connection): boolean {
  const policies = byKind(objects, 'NetworkPolicy');
  return allowedAt(policies, from, to, 'egress', connection, to) && allowedAt(policies, to, from, 'ingress', connection, to);
}
