import { Agent, request } from 'node:http';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * JSON over HTTP to one service, on kept-alive connections. node:http rather than fetch: fetch
 * gives up on a response after 300 s, and a slow full sync must be measured, not cut short.
 */
export class Api {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  private token: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** Sends the access token with every later request. */
  signedInAs(token: string): void {
    this.token = token;
  }

  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T });
          } catch {
            reject(new Error(`${method} ${path}: ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like call, but anything other than `status` is an error naming the request and the answer. */
  async expect<T = Record<string, unknown>>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const reply = await this.call<T>(method, path, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
    return reply.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
