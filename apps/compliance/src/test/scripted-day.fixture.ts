import { CATEGORY_TREE_ID, SERVER_CONFIG_ID, uuidv7, type ActivityKind, type AggregateKind, type AggregateRef } from '@parley/contracts';
import { NO_VERSION, type EventDraft, type EventLog, type StoredEvent, type Version } from '@parley/eventlog';

const settings = (chatHistory: boolean) => ({ invitations: true, fileUpload: true, chatHistory });
const room = (categoryId: string, name: string) => ({
  categoryId,
  name,
  description: `${name} room`,
  privacy: 'open',
  roomType: 'normal',
  invitations: 'inherit',
  addinId: null,
  disclaimer: '',
  members: [],
  managers: [],
  presenters: [],
});

/** Writes events as services would, keeping each aggregate's version, and remembers every stored event. */
export class Script {
  readonly stored: StoredEvent[] = [];

  constructor(
    private readonly log: EventLog,
    /** When the events happened: `at(minutes)` after the script's start. */
    private readonly start = Date.parse('2026-03-02T09:00:00.000Z'),
    private readonly versions = new Map<string, Version>(),
  ) {}

  /** Goes on writing the same aggregates from a later time (through another connection, if given), remembering only what it writes from now on. */
  resumeAt(iso: string, log = this.log): Script {
    return new Script(log, Date.parse(iso), this.versions);
  }

  at(minutes: number): string {
    return new Date(this.start + minutes * 60_000).toISOString();
  }

  async append(kind: AggregateKind, id: string, type: string, data: object, actor = 'alice', minute = 0): Promise<StoredEvent> {
    const ref: AggregateRef = { kind, id };
    const key = `${kind}:${id}`;
    const draft = { type, data, actor: { kind: 'user', id: actor }, occurredAt: this.at(minute) } as unknown as EventDraft;
    const { events, version } = await this.log.append(ref, [draft], this.versions.get(key) ?? NO_VERSION);
    this.versions.set(key, version);
    this.stored.push(...events);
    return events[0]!;
  }

  async record(kind: ActivityKind, id: string, type: string, data: object, actor: string, minute = 0): Promise<StoredEvent> {
    const draft = { type, data, actor: { kind: 'user', id: actor }, occurredAt: this.at(minute) } as unknown as EventDraft;
    const [event] = await this.log.record({ kind, id }, [draft]);
    this.stored.push(event!);
    return event!;
  }

  post(roomId: string, author: string, text: string, minute: number): Promise<StoredEvent> {
    return this.append('room', roomId, 'MessagePosted', { clientMsgId: uuidv7(), text, alert: false, story: null, mentions: [] }, author, minute);
  }
}

export const PEOPLE = ['alice', 'bob', 'carol'] as const;
export const ROOMS = { trading: 'r-trading', research: 'r-research', unlogged: 'r-offrecord' } as const;

/**
 * A scripted day: three users sign in; three rooms, one in a category whose history is off; joins,
 * posts, an edit, a redaction, a moderator's removal, a history clear, a history view, a file
 * posted and downloaded, room and category changes, a group membership change, parts.
 */
export async function scriptedDay(log: EventLog, script = new Script(log)): Promise<Script> {
  for (const [i, name] of PEOPLE.entries()) {
    await script.append('user', name, 'UserProvisioned', { source: 'local', username: name, displayName: `${name[0]!.toUpperCase()}${name.slice(1)} Example`, email: `${name}@bank.test`, externalId: null, dn: null, ouDn: null, enabled: true }, 'admin', i);
  }
  await script.append('category', CATEGORY_TREE_ID, 'CategoryCreated', { categoryId: 'c-markets', name: 'Markets', description: '', parentId: null, allowed: [], denied: [], creators: [], settings: settings(true) }, 'admin', 3);
  await script.append('category', CATEGORY_TREE_ID, 'CategoryCreated', { categoryId: 'c-private', name: 'Private', description: '', parentId: null, allowed: [], denied: [], creators: [], settings: settings(false) }, 'admin', 3);
  for (const [id, category, name] of [[ROOMS.trading, 'c-markets', 'Trading'], [ROOMS.research, 'c-markets', 'Research'], [ROOMS.unlogged, 'c-private', 'Off the record']] as const) {
    await script.append('category', CATEGORY_TREE_ID, 'RoomRegistered', { roomId: id, categoryId: category, name }, 'admin', 4);
    await script.append('room', id, 'RoomCreated', room(category, name), 'admin', 4);
  }
  for (const [i, name] of PEOPLE.entries()) await script.record('user', name, 'UserSignedIn', { method: 'password', address: '10.0.0.1', sessionId: `s-${name}` }, name, 10 + i);
  for (const name of PEOPLE) for (const roomId of Object.values(ROOMS)) await script.record('room', roomId, 'RoomJoined', { userId: name, sessionId: `s-${name}` }, name, 15);
  const first = await script.post(ROOMS.trading, 'alice', 'Buying 100 <ACME> & "friends" at 10:00', 20);
  await script.post(ROOMS.trading, 'bob', 'Line one\nline two, with\ttab', 21);
  await script.append('room', ROOMS.trading, 'MessageEdited', { messageSeq: first.event.seq, text: 'Buying 200 ACME at 10:00' }, 'alice', 22);
  const secret = await script.post(ROOMS.unlogged, 'carol', 'this room keeps no history, compliance still sees it', 23);
  await script.append('room', ROOMS.unlogged, 'MessageRedacted', { messageSeq: secret.event.seq, reason: 'said too much' }, 'carol', 24);
  const spam = await script.post(ROOMS.research, 'bob', '=HYPERLINK("http://evil.test") buy now', 25);
  await script.append('room', ROOMS.research, 'MessagesRemoved', { messageSeqs: [spam.event.seq], replacement: '(removed by a moderator)', filter: { authorId: 'bob', contains: null, fromSeq: null, toSeq: null } }, 'admin', 26);
  await script.post(ROOMS.research, 'alice', 'Report attached', 27);
  await script.append('room', ROOMS.research, 'FilePosted', { fileId: 'f-report', name: 'q1 report.pdf', size: 5, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption: 'Q1' }, 'alice', 28);
  await script.record('room', ROOMS.research, 'FileDownloaded', { userId: 'carol', fileId: 'f-report', name: 'q1 report.pdf', range: null, via: 'token' }, 'carol', 29);
  await script.record('room', ROOMS.research, 'HistoryViewed', { userId: 'carol', fromSeq: 1, toSeq: 5, count: 4 }, 'carol', 29);
  await script.append('room', ROOMS.research, 'HistoryCleared', { upToSeq: 3 }, 'admin', 30);
  await script.append('room', ROOMS.trading, 'RoomUpdated', { changes: { name: 'Trading desk', description: 'FX and rates' } }, 'admin', 31);
  await script.append('room', ROOMS.trading, 'RoomRolesChanged', { role: 'members', added: [{ kind: 'user', id: 'carol' }], removed: [] }, 'admin', 31);
  await script.append('category', CATEGORY_TREE_ID, 'CategorySettingsChanged', { categoryId: 'c-markets', changes: { fileUpload: false } }, 'admin', 32);
  await script.append('group', 'g-desk', 'GroupProvisioned', { source: 'local', name: 'desk', description: '', externalId: null, dn: null }, 'admin', 33);
  await script.append('group', 'g-desk', 'GroupMembersAdded', { members: [{ kind: 'user', id: 'bob' }] }, 'admin', 33);
  await script.append('server', SERVER_CONFIG_ID, 'RoleGranted', { role: 'compliance-officer', principal: { kind: 'user', id: 'carol' } }, 'admin', 34);
  for (const name of PEOPLE) for (const roomId of Object.values(ROOMS)) await script.record('room', roomId, 'RoomParted', { userId: name, sessionId: `s-${name}`, reason: 'left' }, name, 40);
  return script;
}
