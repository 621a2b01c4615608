/** The rooms a user has joined in this browser (localStorage, per user), joined again on the next visit. */
export class JoinedRoomsMemory {
  private readonly key: string;

  constructor(userId: string) {
    this.key = `parley.rooms.${userId}`;
  }

  load(): string[] {
    try {
      const rooms: unknown = JSON.parse(localStorage.getItem(this.key) ?? '[]');
      return Array.isArray(rooms) ? rooms.filter((r): r is string => typeof r === 'string') : [];
    } catch {
      return [];
    }
  }

  save(rooms: readonly string[]): void {
    localStorage.setItem(this.key, JSON.stringify([...new Set(rooms)]));
  }
}
