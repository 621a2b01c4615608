import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { instanceSubject, type InstanceRegistry } from '@parley/cluster';
import type { Subjects } from '@parley/contracts';
import type { Logger } from '@parley/telemetry';

export interface MembershipOptions {
  id: string;
  /** Where clients open live sessions on this server. */
  url: string;
  heartbeatMs: number;
  /** Sessions and rooms this server holds now, for the lookup service's load balancing. */
  load: () => { sessions: number; rooms: number };
  /** Asked to drain (`parley server drain ID`): the server should stop as on SIGTERM. */
  onDrainRequest: () => void;
}

/**
 * This channel server's entry in the instance registry: announced at start and every heartbeat
 * with its load, marked draining when it is about to stop (so it takes no new sessions and its
 * rooms move to the others), and withdrawn when it has stopped.
 */
export class Membership {
  private timer: NodeJS.Timeout | undefined;
  private drainSubscription: Subscription | undefined;
  private draining = false;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly options: MembershipOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts heartbeating; a failed heartbeat (NATS electing a leader, say) is retried on the next. */
  start(): void {
    const beat = () => void this.announce().catch((error: unknown) => this.logger.warn({ err: error }, 'heartbeat to the instance registry failed; retrying'));
    beat();
    this.timer = setInterval(beat, this.options.heartbeatMs);
    this.timer.unref();
    this.drainSubscription = this.nc.subscribe(instanceSubject(this.subjects, this.options.id, 'drain'), {
      callback: (error, msg) => {
        if (error) return;
        msg.respond(JSON.stringify({ ok: true, value: { draining: true } }));
        this.logger.info('drain requested');
        this.options.onDrainRequest();
      },
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Tells the others this server is leaving: its rooms move and lookup sends no one here. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    await this.announce().catch((error: unknown) => this.logger.warn({ err: error }, 'could not announce draining'));
  }

  /** Removes this server from the registry (a clean stop). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.drainSubscription?.unsubscribe();
    await this.registry.withdraw(this.options.id).catch((error: unknown) => this.logger.warn({ err: error }, 'could not withdraw from the instance registry'));
    this.registry.stop();
  }

  private announce(): Promise<void> {
    const { sessions, rooms } = this.options.load();
    return this.registry.announce({ id: this.options.id, url: this.options.url, sessions, rooms, draining: this.draining, startedAt: this.startedAt });
  }
}
