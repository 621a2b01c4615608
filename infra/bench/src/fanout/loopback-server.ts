import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';

/**
 * The fanout bench's baseline: what this machine's loopback TCP allows without Parley. A plain
 * `node:net` server, one line per frame: a session sends `{"op":"join","room":R}` and gets
 * `{"op":"joined"}`; a post line (the same frame the channel gets) is written at once to every
 * session in its room, as an event frame shaped and sized like the channel's. No WebSocket framing,
 * no validation, no event log, no projection: the cost left is the sockets' own. The bench runs the
 * same load against it as against the channel and reports both, as a ratio.
 */
export function startLoopbackServer(): Promise<{ url: string; close(): Promise<void> }> {
  const rooms = new Map<string, Socket[]>();
  const seqs = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const frame = JSON.parse(buffered.slice(0, end)) as { op: string; room: string; id?: string; text?: string };
        buffered = buffered.slice(end + 1);
        if (frame.op === 'join') {
          let members = rooms.get(frame.room);
          if (!members) rooms.set(frame.room, (members = []));
          members.push(socket);
          socket.write('{"op":"joined"}\n');
        } else if (frame.op === 'post') {
          const seq = (seqs.get(frame.room) ?? 0) + 1;
          seqs.set(frame.room, seq);
          socket.write(`${JSON.stringify({ op: 'ack', re: frame.id, room: frame.room, seq })}\n`);
          const event = {
            op: 'event',
            room: frame.room,
            seq,
            event: {
              id: randomUUID(),
              type: 'MessagePosted',
              seq,
              actor: { kind: 'user', id: randomUUID(), name: 'Load User' },
              occurredAt: new Date().toISOString(),
              data: { clientMsgId: frame.id, text: frame.text, alert: false, story: null, mentions: [] },
            },
          };
          const line = `${JSON.stringify(event)}\n`;
          for (const member of rooms.get(frame.room) ?? []) member.write(line);
        }
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `tcp://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) {
  void startLoopbackServer().then(({ url }) => process.stdout.write(`${JSON.stringify({ url })}\n`));
}
