import type { ComplianceEvent } from '@parley/contracts';
import { EMPTY_TREE, type CategoryTree } from '@parley/domain';
import { decidePolicy, EMPTY_POLICY, evolvePolicy, type CompliancePolicy, type PolicyCommand } from './compliance-policy.js';
import { planPurge, retentionDays } from './purge-plan.js';

const given = (commands: PolicyCommand[]): CompliancePolicy =>
  commands.reduce((state, command) => decidePolicy(command, state).reduce((s, d) => evolvePolicy(s, d as ComplianceEvent), state), EMPTY_POLICY);

const tree: CategoryTree = {
  categories: new Map([
    ['markets', { id: 'markets', name: 'Markets', description: '', parentId: null, allowed: [], denied: [], creators: [], settings: { invitations: true, fileUpload: true, chatHistory: true } }],
    ['fx', { id: 'fx', name: 'FX', description: '', parentId: 'markets', allowed: [], denied: [], creators: [], settings: { invitations: true, fileUpload: true, chatHistory: true } }],
  ]),
  rooms: EMPTY_TREE.rooms,
};

describe('legal holds and retention', () => {
  it('refuse a second active hold for the same case and target, and releasing a hold that is not active', () => {
    const hold: PolicyCommand = { type: 'PlaceHold', holdId: 'h1', caseName: 'SEC', target: { kind: 'user', id: 'bob' }, note: '' };
    const state = given([hold]);
    expect(() => decidePolicy({ ...hold, holdId: 'h2' }, state)).toThrow(/already active/);
    expect(decidePolicy({ ...hold, holdId: 'h2', caseName: 'FCA' }, state)).toHaveLength(1);
    expect(() => decidePolicy({ type: 'ReleaseHold', holdId: 'h9', note: '' }, state)).toThrow(/no active legal hold/);
    expect(decidePolicy({ type: 'SetRetention', scope: { kind: 'global' }, days: 30 }, given([{ type: 'SetRetention', scope: { kind: 'global' }, days: 30 }]))).toEqual([]);
  });

  it('resolve a room’s retention: its own, else the nearest category’s, else the global one', () => {
    const policy = given([
      { type: 'SetRetention', scope: { kind: 'global' }, days: 30 },
      { type: 'SetRetention', scope: { kind: 'category', id: 'markets' }, days: 3650 },
      { type: 'SetRetention', scope: { kind: 'room', id: 'r-own' }, days: 7 },
    ]);
    expect([retentionDays(policy, tree, 'r-own', 'fx'), retentionDays(policy, tree, 'r-fx', 'fx'), retentionDays(policy, tree, 'r-other', 'elsewhere')]).toEqual([7, 3650, 30]);
  });

  it('plan a purge with cutoffs only for rooms that differ from the global policy, exempting held users and rooms', () => {
    const policy = given([
      { type: 'SetRetention', scope: { kind: 'global' }, days: 1 },
      { type: 'SetRetention', scope: { kind: 'category', id: 'fx' }, days: 10 },
      { type: 'PlaceHold', holdId: 'h1', caseName: 'SEC', target: { kind: 'user', id: 'bob' }, note: '' },
      { type: 'PlaceHold', holdId: 'h2', caseName: 'FCA', target: { kind: 'room', id: 'r-fx' }, note: '' },
    ]);
    const rooms = new Map([
      ['r-fx', { category_id: 'fx' }],
      ['r-rates', { category_id: 'markets' }],
    ]);
    expect(planPurge('p1', { policy, rooms, tree, upTo: { chat: 9, activity: 4 }, now: new Date('2026-03-11T00:00:00.000Z') })).toEqual({
      purgeId: 'p1',
      upTo: { chat: 9, activity: 4 },
      defaultCutoff: '2026-03-10T00:00:00.000Z',
      rooms: [{ cutoff: '2026-03-01T00:00:00.000Z', roomIds: ['r-fx'] }],
      exempt: { users: ['bob'], rooms: ['r-fx'] },
    });
    expect(planPurge('p2', { policy: EMPTY_POLICY, rooms, tree, upTo: { chat: 9, activity: 4 }, now: new Date() })).toBeUndefined();
  });
});
