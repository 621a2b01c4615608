import { randomBytes } from 'node:crypto';
import { isParleyError } from '@parley/contracts';
import { FilesClient, LiveClient, ParleyClient, sessionHttp, type HttpClient } from '@parley/sdk';
import { Latency } from '../report/latency.js';
import type { LoadReport, Operation } from '../report/report.js';
import type { Scenario } from '../scenario/scenario.js';

export interface LoadTarget {
  /** The provisioning service's URL (what the SDK and the CLI take as the server). */
  url: string;
  /** An administrator who may create users, categories and rooms. */
  admin: { username: string; password: string };
}

/** Where the run stands, about once a second. */
export interface Progress {
  phase: 'setting up' | 'connecting' | 'posting' | 'draining';
  second: number;
  connected: number;
  acknowledged: number;
  received: number;
  errors: number;
}

interface VirtualUser {
  index: number;
  username: string;
  rooms: string[];
  live?: LiveClient;
  /** The channel service's API (history, search), with the user's session. */
  channel?: HttpClient;
  files?: FilesClient;
  /** A room visited (churn) now: its posts are not counted as this user's deliveries. */
  visiting?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
/** Words the posts are made of, so that searches find something. */
const WORDS = ['launch', 'budget', 'outage', 'review', 'release', 'incident', 'roadmap', 'customer', 'deploy', 'metrics'];
const codeOf = (error: unknown) => (isParleyError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN');

/**
 * Runs a scenario against a deployment: makes its users (`load-<run>-<n>`), a category and its
 * rooms, connects every user (through lookup when there is one) and joins each to its rooms, posts
 * at the scenario's rate from random members, and counts each post's arrival at every session in
 * its room. Alongside the posts, at their own rates: visits to other rooms (join, stay, leave),
 * history and search reads, file posts, each timed. What it made is left in place, named after the run.
 */
export async function runLoad(scenario: Scenario, target: LoadTarget, onProgress: (p: Progress) => void = () => undefined): Promise<LoadReport> {
  const runId = randomBytes(3).toString('hex');
  const errors: Record<string, number> = {};
  const failed = (error: unknown) => void (errors[codeOf(error)] = (errors[codeOf(error)] ?? 0) + 1);
  const ack = new Latency();
  const delivery = new Latency();
  const timed = new Map<Operation, Latency>();
  const operations: LoadReport['operations'] = {};
  /** Runs one timed operation: its latency when it succeeds, its error code when it fails; whether it succeeded. */
  const measure = async (operation: Operation, work: () => Promise<unknown>): Promise<boolean> => {
    const counted = (operations[operation] ??= { ok: 0, failed: 0 });
    const started = performance.now();
    try {
      await work();
      let latency = timed.get(operation);
      if (!latency) timed.set(operation, (latency = new Latency()));
      latency.recordMs(performance.now() - started);
      counted.ok++;
      return true;
    } catch (error) {
      counted.failed++;
      failed(error);
      return false;
    }
  };
  const sentAt = new Map<number, number>();
  const roomOf = new Map<number, string>();
  /** Post id → the users that received it. */
  const receivedBy = new Map<number, Set<number>>();
  const timeline: LoadReport['timeline'] = [];
  const counts = { sent: 0, acknowledged: 0, failed: 0, received: 0, duplicated: 0, connected: 0 };
  let phase: Progress['phase'] = 'setting up';
  let postingStartedAt = 0;
  const secondNow = () => (postingStartedAt ? Math.floor((Date.now() - postingStartedAt) / 1000) : 0);
  const tick = (key: 'posts' | 'deliveries') => {
    if (!postingStartedAt) return;
    const s = secondNow();
    while (timeline.length <= s) timeline.push({ second: timeline.length, posts: 0, deliveries: 0 });
    timeline[s]![key]++;
  };
  const progress = setInterval(
    () => onProgress({ phase, second: secondNow(), connected: counts.connected, acknowledged: counts.acknowledged, received: counts.received, errors: Object.values(errors).reduce((a, b) => a + b, 0) }),
    1000,
  );

  const admin = new ParleyClient({ server: target.url });
  const users: VirtualUser[] = [];
  try {
    await admin.session.login(target.admin.username, target.admin.password);
    const password = `${randomBytes(12).toString('base64url')}-Load1`;
    const category = await admin.categories.create({ name: `load-${runId}`, allowed: [{ kind: 'everyone' }] });
    for (let i = 0; i < scenario.users; i++) {
      const username = `load-${runId}-${i}`;
      await admin.users.create({ username, password });
      users.push({ index: i, username, rooms: [] });
    }
    let next = 0;
    let roomCount = 0;
    for (const [g, group] of scenario.rooms.entries()) {
      for (let j = 0; j < group.count; j++) {
        const room = await admin.rooms.create({ categoryId: category.id, name: `load-${runId}-${g}-${j}` });
        roomCount++;
        for (let m = 0; m < group.members; m++) users[(next + m) % users.length]!.rooms.push(room.id);
        next = (next + group.members) % users.length;
      }
    }
    const members = new Map<string, number>();
    for (const u of users) for (const r of u.rooms) members.set(r, (members.get(r) ?? 0) + 1);

    const readUpdates = async (user: VirtualUser, live: LiveClient) => {
      try {
        for await (const update of live.updates()) {
          if (update.type !== 'event' || update.backchat || update.event.type !== 'MessagePosted' || update.room === user.visiting) continue;
          const text = (update.event.data as { text?: string }).text ?? '';
          if (!text.startsWith(`${runId}:`)) continue;
          const postId = Number(text.slice(runId.length + 1, text.indexOf(' ')));
          const seen = receivedBy.get(postId) ?? new Set<number>();
          receivedBy.set(postId, seen);
          if (seen.has(user.index)) {
            counts.duplicated++;
            continue;
          }
          seen.add(user.index);
          counts.received++;
          tick('deliveries');
          const sent = sentAt.get(postId);
          if (sent !== undefined) delivery.recordMs(performance.now() - sent);
        }
      } catch (error) {
        failed(error);
      }
    };

    phase = 'connecting';
    const rampMs = scenario.rampUpSeconds * 1000;
    const connectStart = Date.now();
    await Promise.all(
      users.map(async (user) => {
        await sleep((rampMs * user.index) / users.length - (Date.now() - connectStart));
        try {
          const client = new ParleyClient({ server: target.url });
          await client.session.login(user.username, password);
          const live = await LiveClient.connect({ channel: client.liveChannel(), credentials: client.session });
          user.live = live;
          if (scenario.reads || scenario.files) {
            const endpoints = await client.endpoints();
            user.channel = sessionHttp(client.session, endpoints.channel);
            if (endpoints.files) user.files = new FilesClient(endpoints.files, client.session);
          }
          void readUpdates(user, live);
          for (const room of user.rooms) await live.join(room);
          counts.connected++;
        } catch (error) {
          failed(error);
        }
      }),
    );

    phase = 'posting';
    postingStartedAt = Date.now();
    const posters = users.filter((u) => u.live && u.rooms.length > 0);
    const intervalMs = 1000 / scenario.posts.perSecond;
    const endAt = postingStartedAt + scenario.durationSeconds * 1000;
    const inFlight: Promise<void>[] = [];
    const filler = Array.from({ length: Math.ceil(scenario.posts.textBytes / 6) }, () => pick(WORDS)).join(' ');
    const activities = startActivities(scenario, posters, roomCount > 0 ? [...members.keys()] : [], endAt, measure);
    for (let postId = 0; posters.length > 0 && Date.now() < endAt; postId++) {
      // Open loop: posts go out on schedule whether or not earlier ones were answered.
      await sleep(postingStartedAt + postId * intervalMs - Date.now());
      if (Date.now() >= endAt) break;
      const user = posters[Math.floor(Math.random() * posters.length)]!;
      const room = user.rooms[Math.floor(Math.random() * user.rooms.length)]!;
      const head = `${runId}:${postId} `;
      const text = head + filler.slice(0, Math.max(0, scenario.posts.textBytes - head.length));
      roomOf.set(postId, room);
      sentAt.set(postId, performance.now());
      counts.sent++;
      inFlight.push(
        user.live!.post(room, text).then(
          () => {
            ack.recordMs(performance.now() - sentAt.get(postId)!);
            counts.acknowledged++;
            tick('posts');
          },
          (error: unknown) => {
            roomOf.delete(postId);
            counts.failed++;
            failed(error);
          },
        ),
      );
    }
    await Promise.all(inFlight);
    await activities;

    phase = 'draining';
    const expected = () => [...roomOf.values()].reduce((sum, room) => sum + (members.get(room) ?? 0), 0);
    const drainUntil = Date.now() + scenario.drainSeconds * 1000;
    while (Date.now() < drainUntil && counts.received < expected()) await sleep(50);
    const seconds = (Date.now() - postingStartedAt) / 1000;
    // A session that never connected cannot receive: its share counts as lost, as a user would see it.
    let received = 0;
    for (const postId of roomOf.keys()) received += receivedBy.get(postId)?.size ?? 0;
    return {
      scenario: scenario.name,
      runId,
      target: target.url,
      startedAt: new Date(postingStartedAt).toISOString(),
      seconds,
      users: users.length,
      rooms: roomCount,
      posts: { sent: counts.sent, acknowledged: counts.acknowledged, failed: counts.failed, perSecond: counts.acknowledged / seconds },
      deliveries: { expected: expected(), received, lost: expected() - received, duplicated: counts.duplicated, perSecond: counts.received / seconds },
      latency: { ack: ack.percentiles(), delivery: delivery.percentiles(), ...Object.fromEntries([...timed].map(([op, l]) => [op, l.percentiles()])) },
      operations,
      errors,
      timeline,
      histograms: { ack: ack.encoded(), delivery: delivery.encoded(), ...Object.fromEntries([...timed].map(([op, l]) => [op, l.encoded()])) },
    };
  } finally {
    clearInterval(progress);
    await Promise.all(users.map((u) => u.live?.close().catch(() => undefined)));
  }
}

type Measure = (operation: Operation, work: () => Promise<unknown>) => Promise<boolean>;

/**
 * Runs the scenario's other activities open-loop, each at its own rate until `endAt`, from random
 * connected users: visits (churn), history and search reads, file posts. Resolves when the last
 * one started has ended.
 */
async function startActivities(scenario: Scenario, users: VirtualUser[], rooms: string[], endAt: number, measure: Measure): Promise<void> {
  const schedules: Promise<void>[] = [];
  const every = (perSecond: number, action: () => Promise<unknown> | undefined) => {
    if (perSecond <= 0 || users.length === 0) return;
    schedules.push(
      (async () => {
        const started = Date.now();
        const running: Promise<unknown>[] = [];
        for (let n = 0; ; n++) {
          await sleep(started + (n * 1000) / perSecond - Date.now());
          if (Date.now() >= endAt) break;
          const done = action();
          if (done) running.push(done);
        }
        await Promise.all(running);
      })(),
    );
  };
  const { churn, reads, files } = scenario;
  if (churn) {
    every(churn.joinsPerSecond, () => {
      const user = pick(users.filter((u) => !u.visiting));
      const room = user && pick(rooms.filter((r) => !user.rooms.includes(r)));
      if (!user || !room) return undefined;
      user.visiting = room;
      return (async () => {
        if (await measure('join', () => user.live!.join(room))) {
          await sleep(churn.staySeconds * 1000);
          await measure('leave', () => user.live!.part(room));
        }
        user.visiting = undefined;
      })();
    });
  }
  if (reads) {
    every(reads.historyPerSecond, () => {
      const user = pick(users.filter((u) => u.channel));
      const room = user && pick(user.rooms);
      return room ? measure('history', () => user.channel!.get(`/v1/rooms/${encodeURIComponent(room)}/history`, { limit: reads.pageSize })) : undefined;
    });
    every(reads.searchPerSecond, () => {
      const user = pick(users.filter((u) => u.channel));
      const room = user && pick(user.rooms);
      return room ? measure('search', () => user.channel!.get('/v1/search', { q: pick(WORDS)!, room, limit: 20 })) : undefined;
    });
  }
  if (files) {
    const bytes = randomBytes(files.bytes);
    every(files.perSecond, () => {
      const user = pick(users.filter((u) => u.files));
      const room = user && pick(user.rooms);
      return room ? measure('file', () => user.files!.upload(room, { name: 'load.bin', size: bytes.length, open: () => new Blob([bytes]) })) : undefined;
    });
  }
  await Promise.all(schedules);
}
