import { ValidationError } from './errors.js';
import { isAggregateId } from './ids.js';

/**
 * Subject and stream naming. Every aggregate instance has its own subject, so one subject's
 * messages are exactly one aggregate's events, in order, and "expected last subject sequence"
 * guards its writer:
 *
 *   chat.room.<roomId>   chat.category.<categoryId>   chat.user.<userId>
 *   chat.group.<groupId>   chat.server.<id> (configuration, policies, add-ins)
 *   chat.compliance.<id> (legal holds, retention, purges)
 *   chat.engagement.<userId> (followed rooms, read positions, invitation answers) (stream CHAT)
 *   activity.room.<roomId>   activity.user.<userId>                          (stream ACTIVITY)
 *
 * A namespace (`acme` → `acme.chat.room.<id>`, stream `acme_CHAT`) lets several Parley
 * installations, or parallel test runs, share one NATS system.
 */
export const AggregateKinds = ['room', 'category', 'user', 'group', 'server', 'compliance', 'engagement'] as const;
export type AggregateKind = (typeof AggregateKinds)[number];

export const ActivityKinds = ['room', 'user'] as const;
export type ActivityKind = (typeof ActivityKinds)[number];

/** Names one aggregate instance: its kind and id. */
export interface AggregateRef {
  kind: AggregateKind;
  id: string;
}

export const LogNames = ['chat', 'activity'] as const;
export type LogName = (typeof LogNames)[number];

function invalidId(kind: string, id: string): ValidationError {
  return new ValidationError(`invalid ${kind} id`, [{ path: 'id', message: `"${id.slice(0, 64)}" is not 1-128 letters, digits, "-" or "_"` }]);
}

const NAMESPACE = /^[a-z][a-z0-9_-]{0,31}$/;

export class Subjects {
  /** The subject prefix including its trailing dot, or '' for the default namespace. */
  readonly prefix: string;

  constructor(readonly namespace = '') {
    if (namespace && !NAMESPACE.test(namespace)) {
      throw new Error(`invalid namespace "${namespace}": use 1-32 lower-case letters, digits, "-" or "_", starting with a letter`);
    }
    this.prefix = namespace ? `${namespace}.` : '';
  }

  /** The JetStream stream that holds a log. */
  stream(log: LogName): string {
    const base = log === 'chat' ? 'CHAT' : 'ACTIVITY';
    return this.namespace ? `${this.namespace.replace(/-/g, '_')}_${base}` : base;
  }

  /** The wildcard that a log's stream captures. */
  streamSubjects(log: LogName): string {
    return `${this.prefix}${log}.>`;
  }

  /** The subject of one aggregate's events. */
  aggregate(ref: AggregateRef): string {
    if (!isAggregateId(ref.id)) throw invalidId(ref.kind, ref.id);
    return `${this.prefix}chat.${ref.kind}.${ref.id}`;
  }

  /** Every aggregate of one kind (`chat.room.*`), or of every kind (`chat.>`). */
  allAggregates(kind?: AggregateKind): string {
    return kind ? `${this.prefix}chat.${kind}.*` : `${this.prefix}chat.>`;
  }

  /** The subject of activity facts about one room or user. */
  activity(kind: ActivityKind, id: string): string {
    if (!isAggregateId(id)) throw invalidId(kind, id);
    return `${this.prefix}activity.${kind}.${id}`;
  }

  /** The subject of a request-reply endpoint between services, e.g. `rooms.command` → `rpc.rooms.command`. */
  rpc(endpoint: string): string {
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(endpoint)) throw new Error(`invalid rpc endpoint "${endpoint}"`);
    return `${this.prefix}rpc.${endpoint}`;
  }

  /**
   * The name of a NATS KV bucket (signing keys, refresh tokens, sign-in throttling...), namespaced
   * like streams: `signing_keys`, or `acme_signing_keys` in namespace `acme`.
   */
  bucket(name: string): string {
    if (!/^[a-z][a-z0-9_]{0,47}$/.test(name)) throw new Error(`invalid bucket name "${name}"`);
    return this.namespace ? `${this.namespace.replace(/-/g, '_')}_${name}` : name;
  }

  /** Parses an aggregate subject back into its reference, or undefined if it is not one. */
  parseAggregate(subject: string): AggregateRef | undefined {
    if (!subject.startsWith(this.prefix)) return undefined;
    const parts = subject.slice(this.prefix.length).split('.');
    if (parts.length !== 3 || parts[0] !== 'chat') return undefined;
    const kind = parts[1] as AggregateKind;
    if (!AggregateKinds.includes(kind)) return undefined;
    return { kind, id: parts[2]! };
  }
}
