import type { KObject } from './manifest.js';
import { allowed, inCidr, type Endpoint } from './network-policy.js';

const policy = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'ns' }, spec });
const pod = (app: string, ports: Record<string, number> = {}, namespace = 'ns'): Endpoint => ({ pod: { labels: { app }, ports }, namespace });
const denyAll = policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('NetworkPolicy semantics', () => {
  it('allows everything until a policy selects a pod, then only what a rule allows, at both ends', () => {
    expect(allowed([], pod('a'), pod('b'), { port: 80 })).toBe(true);
    expect(allowed([denyAll], pod('a'), pod('b'), { port: 80 })).toBe(false);
    const egress = policy('a-out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ port: 80 }] }] });
    const ingress = policy('b-in', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'http' }] }] });
    expect(allowed([denyAll, egress], pod('a'), pod('b', { http: 80 }), { port: 80 })).toBe(false);
    expect(allowed([denyAll, egress, ingress], pod('a'), pod('b', { http: 80 }), { port: 80 })).toBe(true);
    expect(allowed([denyAll, egress, ingress], pod('a'), pod('b', { http: 80 }), { port: 81 })).toBe(false);
    expect(allowed([denyAll, egress, ingress], pod('a'), pod('b', { http: 80 }), { port: 80, protocol: 'UDP' })).toBe(false);
    expect(allowed([denyAll, egress, ingress], pod('a'), pod('b', { web: 80 }), { port: 80 })).toBe(false);
  });

  it('matches namespaces by label, pods of other namespaces only through a namespaceSelector', () => {
    const fromMonitoring = policy('b-in', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }],
    });
    expect(allowed([fromMonitoring], pod('x', {}, 'monitoring'), pod('b'), { port: 9 })).toBe(true);
    expect(allowed([fromMonitoring], pod('x', {}, 'other'), pod('b'), { port: 9 })).toBe(false);
    const samePods = policy('same', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
    expect(allowed([samePods], pod('x', {}, 'other'), pod('b'), { port: 9 })).toBe(false);
    expect(allowed([samePods], pod('x'), pod('b'), { port: 9 })).toBe(true);
  });

  it('matches addresses outside the cluster with ipBlock, minus its exceptions', () => {
    expect(inCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    const out = policy('out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] });
    expect(allowed([out], pod('a'), { ip: '203.0.113.5' }, { port: 389 })).toBe(true);
    expect(allowed([out], pod('a'), { ip: '10.9.9.9' }, { port: 389 })).toBe(false);
    expect(allowed([out], pod('a'), pod('b'), { port: 389 })).toBe(false);
  });
});
