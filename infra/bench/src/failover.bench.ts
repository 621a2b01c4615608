import { parseArgs } from 'node:util';
import { runFailover } from './failover/scenario.js';

const HELP = `npm run bench -- failover [--kill channel|drain|nats] [--clients 200] [--rooms 20] [--post-every 2000] [--before 5] [--after 10]

Starts the multi-server topology (3 NATS nodes with R3 streams, 3 channel servers, lookup), connects
--clients SDK clients spread over --rooms rooms, each posting about every --post-every ms, and after
--before seconds SIGKILLs the channel server holding the most sessions (drain: SIGTERMs it, so it
drains; nats: SIGKILLs one NATS node); posting goes
on for --after seconds. Checked against the log: every acknowledged post stored once and delivered
once to every member, in order. Goals: reconnect p99 <= 2,000 ms, a room unavailable <= 3,000 ms.
Last line: {"bench":"failover","clients","kill","reconnect_p99_ms","unavailable_ms","lost","duplicated",...}`;

export async function benchFailover(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kill: { type: 'string', default: 'channel' },
      clients: { type: 'string', default: '200' },
      rooms: { type: 'string', default: '20' },
      'post-every': { type: 'string', default: '2000' },
      before: { type: 'string', default: '5' },
      after: { type: 'string', default: '10' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const kill = values.kill;
  if (kill !== 'channel' && kill !== 'drain' && kill !== 'nats') throw new Error(`--kill must be channel, drain or nats, got "${kill}"`);
  console.log(`failover bench: ${values.clients} clients in ${values.rooms} rooms, ${{ channel: 'killing a channel server', drain: 'draining a channel server', nats: 'killing a NATS node' }[kill]}`);
  const result = await runFailover({
    clients: Number(values.clients),
    rooms: Number(values.rooms),
    kill,
    postEveryMs: Number(values['post-every']),
    beforeMs: Number(values.before) * 1_000,
    afterMs: Number(values.after) * 1_000,
    say: (line) => console.log(line),
  });
  console.log(
    `  ${result.reconnected} of ${result.affected} affected clients back in their rooms: p99 ${result.reconnect_p99_ms} ms, max ${result.reconnect_max_ms} ms (goal p99 <= 2,000)\n` +
      `  longest wait of a room's writes: ${result.unavailable_ms} ms (goal <= 3,000)\n` +
      `  ${result.posts} posts: lost ${result.lost}, duplicated ${result.duplicated}, members out of order ${result.out_of_order}, forked room events ${result.forks}`,
  );
  return { ...result };
}
