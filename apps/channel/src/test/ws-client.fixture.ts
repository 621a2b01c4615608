import { WebSocket } from 'ws';

export type Frame = Record<string, unknown> & { op: string };

/**
 * A bare protocol client for tests: sends frames, records every frame received, and waits for
 * frames matching a predicate. No reconnect logic: tests drive reconnects themselves.
 */
export class TestClient {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private counter = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/v1/ws');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  /** Stops reading from the socket (a client that falls behind); `resume` reads again. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Sends a request frame with a fresh id and waits for the answer naming it. */
  async request(frame: Record<string, unknown>, timeoutMs = 10_000): Promise<Frame> {
    const id = `r${++this.counter}`;
    const answer = this.next((f) => f['re'] === id, timeoutMs);
    this.ws.send(JSON.stringify({ ...frame, id }));
    return answer;
  }

  /** The first frame (already received or to come) matching `match`. */
  next(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Room events received so far, in arrival order. */
  events(room: string): { seq: number; type: string; actor: { kind: string; id: string; name?: string }; data: Record<string, unknown> }[] {
    return this.frames
      .filter((f) => f.op === 'event' && f['room'] === room)
      .map((f) => f['event'] as { seq: number; type: string; actor: { kind: string; id: string; name?: string }; data: Record<string, unknown> });
  }

  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!this.closed) throw new Error('socket not closed in time');
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }
}
