/** The part of a socket a coalescer needs: Node's writable cork and uncork. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Sends what a turn of the event loop writes to a socket in one system call. A post to a room of
 * 1,000 people is 1,000 frames, each its own write otherwise, and those writes were most of a
 * busy channel server's time. A socket is corked at its first frame of a turn and uncorked once
 * the turn is over (setImmediate): a frame waits at most for the rest of the turn that made it,
 * and the busier the server, the more frames each write carries.
 */
export class WriteCoalescer {
  private readonly corked = new Set<Corkable>();
  private scheduled = false;

  /** Call before writing to `socket`: what it writes from now until the end of the turn leaves together. */
  hold(socket: Corkable): void {
    if (this.corked.has(socket)) return;
    socket.cork();
    this.corked.add(socket);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const sockets = [...this.corked];
    this.corked.clear();
    for (const socket of sockets) socket.uncork();
  }
}
