import { ConflictError, NotFoundError, type ComplianceEvent, type HoldTarget, type RetentionScope } from '@parley/contracts';
import { assertNever, type Decided } from '@parley/domain';

/** Legal holds and retention policies as the compliance aggregate's events left them. */
export interface CompliancePolicy {
  /** Active holds by id. */
  holds: ReadonlyMap<string, { caseName: string; target: HoldTarget }>;
  /** Retention days by scope key (`global`, `category:<id>`, `room:<id>`). */
  retention: ReadonlyMap<string, number>;
}

export const EMPTY_POLICY: CompliancePolicy = { holds: new Map(), retention: new Map() };

export const scopeKey = (scope: RetentionScope) => (scope.kind === 'global' ? 'global' : `${scope.kind}:${scope.id}`);

export function evolvePolicy(state: CompliancePolicy, event: ComplianceEvent): CompliancePolicy {
  switch (event.type) {
    case 'LegalHoldPlaced': {
      const holds = new Map(state.holds);
      holds.set(event.data.holdId, { caseName: event.data.caseName, target: event.data.target });
      return { ...state, holds };
    }
    case 'LegalHoldReleased': {
      const holds = new Map(state.holds);
      holds.delete(event.data.holdId);
      return { ...state, holds };
    }
    case 'RetentionPolicySet':
    case 'RetentionPolicyCleared': {
      const retention = new Map(state.retention);
      if (event.type === 'RetentionPolicySet') retention.set(scopeKey(event.data.scope), event.data.days);
      else retention.delete(scopeKey(event.data.scope));
      return { ...state, retention };
    }
    case 'RecordsPurged':
      return state;
    default:
      return assertNever(event);
  }
}

export type PolicyCommand =
  | { type: 'PlaceHold'; holdId: string; caseName: string; target: HoldTarget; note: string }
  | { type: 'ReleaseHold'; holdId: string; note: string }
  | { type: 'SetRetention'; scope: RetentionScope; days: number }
  | { type: 'ClearRetention'; scope: RetentionScope };

/** Decides a compliance officer's command against the current holds and policies. */
export function decidePolicy(command: PolicyCommand, state: CompliancePolicy): Decided<ComplianceEvent>[] {
  switch (command.type) {
    case 'PlaceHold': {
      const same = [...state.holds.values()].find((h) => h.caseName === command.caseName && h.target.kind === command.target.kind && h.target.id === command.target.id);
      if (same) throw new ConflictError(`caseName: a hold for case "${command.caseName}" on this ${command.target.kind} is already active`);
      return [{ type: 'LegalHoldPlaced', data: { holdId: command.holdId, caseName: command.caseName, target: command.target, note: command.note } }];
    }
    case 'ReleaseHold':
      if (!state.holds.has(command.holdId)) throw new NotFoundError(`no active legal hold ${command.holdId}`);
      return [{ type: 'LegalHoldReleased', data: { holdId: command.holdId, note: command.note } }];
    case 'SetRetention':
      if (state.retention.get(scopeKey(command.scope)) === command.days) return [];
      return [{ type: 'RetentionPolicySet', data: { scope: command.scope, days: command.days } }];
    case 'ClearRetention':
      if (!state.retention.has(scopeKey(command.scope))) throw new NotFoundError(`scope: no retention policy for ${scopeKey(command.scope)}`);
      return [{ type: 'RetentionPolicyCleared', data: { scope: command.scope } }];
    default:
      return assertNever(command);
  }
}
