import { WebSocket } from 'ws';

type Json = Record<string, unknown>;

/**
 * A Parley to test files against, through its public APIs: users signed in, categories and rooms
 * made by the administrator, server settings changed, and live sessions that collect room events.
 */
export class ParleyWorld {
  readonly tokens = new Map<string, string>();

  constructor(
    readonly provisioning: string,
    readonly channel: string,
    readonly files: string,
  ) {}

  async api(method: string, path: string, body?: unknown, as = 'admin'): Promise<Json> {
    const response = await fetch(`${this.provisioning}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.tokens.get(as)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Json;
  }

  async login(username: string, password: string): Promise<void> {
    const response = await fetch(`${this.provisioning}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    this.tokens.set(username, ((await response.json()) as { accessToken: string }).accessToken);
  }

  async users(password: string, ...names: string[]): Promise<void> {
    for (const username of names) await this.api('POST', '/v1/users', { username, password });
    for (const username of names) await this.login(username, password);
  }

  async room(category: string, name: string, extra: Json = {}): Promise<string> {
    return (await this.api('POST', '/v1/rooms', { categoryId: category, name, ...extra }))['id'] as string;
  }

  /** A request to the files service as `as` (no token for undefined). */
  async get(path: string, as: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.files}${path}`, { headers: { ...(as ? { authorization: `Bearer ${this.tokens.get(as)}` } : {}), ...headers } });
  }

  async json(method: string, path: string, as: string): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.files}${path}`, { method, headers: { authorization: `Bearer ${this.tokens.get(as)}` } });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** Joins `room` as `user` over a live session and resolves with the first event of `type`. */
  async nextEvent(user: string, room: string, type: string): Promise<{ ready: Promise<void>; event: Promise<Json> }> {
    const ws = new WebSocket(`${this.channel.replace(/^http/, 'ws')}/v1/ws`);
    let joined!: () => void;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    const event = new Promise<Json>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ op: 'hello', id: 'h', token: this.tokens.get(user) })));
      ws.on('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Json;
        if (frame['op'] === 'welcome') ws.send(JSON.stringify({ op: 'join', id: 'j', room }));
        if (frame['op'] === 'joined') joined();
        const wire = frame['event'] as Json | undefined;
        if (frame['op'] === 'event' && wire?.['type'] === type) {
          resolve(wire);
          ws.close();
        }
      });
    });
    return { ready, event };
  }
}
