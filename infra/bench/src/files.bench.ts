import { randomBytes } from 'node:crypto';
import { Agent, request, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { S3rverServer } from '@parley/supervisor';
import { Client } from 'minio';
import { BUCKET, startFilesWorld, type FilesWorld } from './files/world.js';

const HELP = `npm run bench -- files [--size-mb 64] [--rounds 7] [--large-mb 512]

Starts nats-server, s3rver (an S3 server on loopback) and the built provisioning, channel and files
services (files storing in s3rver), each its own process, and measures in one run, alternating:
  upload_mb_s     POST /v1/rooms/:room/files of a --size-mb file (Content-Length known), to its 201
  download_mb_s   GET /v1/files/:id of it, to the last byte
  raw_put_mb_s    the bare minio client's putObject of the same bytes to the same S3 server
  raw_get_mb_s    the bare minio client's getObject of it
  ratio_up, ratio_down   ours / raw (goal >= 0.8); medians of --rounds rounds
First, the files service's memory: its peak resident set from its start through posting twenty
1 MB files, then while posting and reading one file of an eighth of --large-mb, then one of
--large-mb (streamed both ways): flat means the last two peaks are the same, whatever the size.
--size-mb is at most 64: the minio client sends larger objects in parts, which s3rver cannot list.`;

const MB = 1024 * 1024;
const WARM_UP = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
const agent = new Agent({ keepAlive: true });

function call(url: string, init: { method: string; headers: Record<string, string | number> }, body?: Buffer | Readable): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...init, agent }, resolve);
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return bytes;
}

/** Posts `size` bytes (a buffer, or a stream of them) through the files service; returns the file's id. */
async function upload(world: FilesWorld, body: Buffer | Readable, size: number): Promise<string> {
  const url = `${world.filesUrl}/v1/rooms/${world.roomId}/files?name=bench.bin`;
  const res = await call(url, { method: 'POST', headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/octet-stream', 'content-length': size } }, body);
  const answer = JSON.parse((await Buffer.concat(await res.toArray()).toString('utf8')) || '{}') as { id?: string };
  if (res.statusCode !== 201 || !answer.id) throw new Error(`upload: ${res.statusCode} ${JSON.stringify(answer)}`);
  return answer.id;
}

async function download(world: FilesWorld, id: string): Promise<number> {
  const res = await call(`${world.filesUrl}/v1/files/${id}`, { method: 'GET', headers: { authorization: `Bearer ${world.token}` } });
  if (res.statusCode !== 200) throw new Error(`download: ${res.statusCode}`);
  return drain(res);
}

/** A stream of `size` bytes made of one random megabyte repeated: nothing is held whole. */
function stream(size: number): Readable {
  const block = randomBytes(MB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = block.subarray(0, Math.min(MB, size - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

export async function benchFiles(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args: argv, options: { 'size-mb': { type: 'string', default: '64' }, rounds: { type: 'string', default: '7' }, 'large-mb': { type: 'string', default: '512' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const size = Number(values['size-mb']) * MB;
  const rounds = Number(values.rounds);
  const large = Number(values['large-mb']) * MB;
  if (!(size > 0 && size <= 64 * MB) || !(rounds > 0) || !(large > 0)) throw new Error('--size-mb must be 1-64, --rounds and --large-mb positive');
  const world = await startFilesWorld(Math.ceil(Math.max(size, large) / 1024) + 1);
  try {
    // Memory first, on a fresh process: small files, then one large file (streamed both ways).
    for (let i = 0; i < 20; i++) await upload(world, stream(MB), MB);
    const smallPeak = world.memory().peak;
    // A streamed file costs the same memory whatever its size: one an eighth as large, then the large one.
    const medium = Math.max(MB, Math.round(large / 8 / MB) * MB);
    const peakMoving = async (bytes: number) => {
      world.resetPeak();
      await download(world, await upload(world, stream(bytes), bytes));
      return world.memory().peak;
    };
    const mediumPeak = await peakMoving(medium);
    const largePeak = await peakMoving(large);

    const raw = new Client({ endPoint: '127.0.0.1', port: world.s3.port, useSSL: false, accessKey: S3rverServer.accessKey, secretKey: S3rverServer.secretKey, pathStyle: true });
    const payload = randomBytes(size);
    const ours = { up: [] as number[], down: [] as number[] };
    const bare = { up: [] as number[], down: [] as number[] };
    for (let round = -WARM_UP; round < rounds; round++) {
      let id = '';
      const up = await timed(async () => (id = await upload(world, payload, size)));
      const down = await timed(() => download(world, id));
      const key = `raw/${round}-${randomBytes(4).toString('hex')}`;
      const put = await timed(() => raw.putObject(BUCKET, key, payload, size));
      const get = await timed(async () => drain(await raw.getObject(BUCKET, key)));
      // The first rounds warm up connections, JIT and s3rver's folders.
      if (round < 0) continue;
      ours.up.push(mbps(size, up));
      ours.down.push(mbps(size, down));
      bare.up.push(mbps(size, put));
      bare.down.push(mbps(size, get));
    }


    const result = {
      upload_mb_s: median(ours.up),
      download_mb_s: median(ours.down),
      raw_put_mb_s: median(bare.up),
      raw_get_mb_s: median(bare.down),
    };
    const f = (n: number) => n.toFixed(1);
    console.log(`files bench: ${size / MB} MB files, ${rounds} rounds, s3rver on loopback (${world.s3.url})`);
    console.log(`  upload through the files service   ${f(result.upload_mb_s)} MB/s  (${ours.up.map(f).join(', ')})`);
    console.log(`  minio putObject, same bytes        ${f(result.raw_put_mb_s)} MB/s  (${bare.up.map(f).join(', ')})`);
    console.log(`  download through the files service ${f(result.download_mb_s)} MB/s  (${ours.down.map(f).join(', ')})`);
    console.log(`  minio getObject                    ${f(result.raw_get_mb_s)} MB/s  (${bare.down.map(f).join(', ')})`);
    const growth = (largePeak - mediumPeak) / MB;
    console.log(
      `  files service peak memory          ${f(smallPeak / MB)} MB posting twenty 1 MB files; posting and reading one file: ${f(mediumPeak / MB)} MB for ${medium / MB} MB, ${f(largePeak / MB)} MB for ${large / MB} MB (${growth >= 0 ? '+' : ''}${f(growth)} MB for ${(large - medium) / MB} MB more)`,
    );
    return {
      bench: 'files',
      upload_mb_s: Number(f(result.upload_mb_s)),
      download_mb_s: Number(f(result.download_mb_s)),
      raw_put_mb_s: Number(f(result.raw_put_mb_s)),
      raw_get_mb_s: Number(f(result.raw_get_mb_s)),
      ratio_up: Number((result.upload_mb_s / result.raw_put_mb_s).toFixed(3)),
      ratio_down: Number((result.download_mb_s / result.raw_get_mb_s).toFixed(3)),
      files_peak_rss_mb_small: Number(f(smallPeak / MB)),
      files_peak_rss_mb_medium: Number(f(mediumPeak / MB)),
      files_peak_rss_mb_large: Number(f(largePeak / MB)),
    };
  } finally {
    agent.destroy();
    await world.stop();
  }
}
