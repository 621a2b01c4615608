/** A post not yet acknowledged by the server, as kept across reloads. */
export interface OutboxEntry {
  room: string;
  clientMsgId: string;
  text: string;
  alert: boolean;
}

const isEntry = (e: unknown): e is OutboxEntry => {
  const entry = e as Partial<OutboxEntry> | null;
  return typeof entry?.room === 'string' && typeof entry.clientMsgId === 'string' && typeof entry.text === 'string' && typeof entry.alert === 'boolean';
};

/**
 * The user's posts that the server has not acknowledged yet, in this browser (localStorage, per
 * user): a page closed or reloaded while they wait sends them on the next visit, with the same
 * client ids, so the server stores each once however many times it is sent.
 */
export class OutboxMemory {
  private readonly key: string;

  constructor(userId: string) {
    this.key = `parley.outbox.${userId}`;
  }

  load(): OutboxEntry[] {
    try {
      const entries: unknown = JSON.parse(localStorage.getItem(this.key) ?? '[]');
      return Array.isArray(entries) ? entries.filter(isEntry) : [];
    } catch {
      return [];
    }
  }

  add(entry: OutboxEntry): void {
    this.save([...this.load().filter((e) => e.clientMsgId !== entry.clientMsgId), entry]);
  }

  remove(clientMsgId: string): void {
    const entries = this.load();
    const left = entries.filter((e) => e.clientMsgId !== clientMsgId);
    if (left.length !== entries.length) this.save(left);
  }

  /** Forgets the posts to rooms other than these (rooms left: nothing more is sent to them from here). */
  keepOnly(rooms: ReadonlySet<string>): void {
    const entries = this.load();
    const left = entries.filter((e) => rooms.has(e.room));
    if (left.length !== entries.length) this.save(left);
  }

  private save(entries: readonly OutboxEntry[]): void {
    if (entries.length) localStorage.setItem(this.key, JSON.stringify(entries));
    else localStorage.removeItem(this.key);
  }
}
