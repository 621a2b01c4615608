import { DirectoryState } from '@parley/directory-state';
import type { EventLog } from '@parley/eventlog';
import type { Logger } from '@parley/telemetry';
import { RoomAdminService } from './rooms/room-admin.service.js';
import { RoomStore } from './rooms/room-store.js';

/**
 * What the channel service runs: who is who (followed from the log), the rooms it owns, and room
 * administration. Until the lookup service assigns rooms to instances, one instance owns them all.
 */
export class ChannelRuntime {
  private constructor(
    readonly state: DirectoryState,
    readonly rooms: RoomStore,
    readonly roomAdmin: RoomAdminService,
  ) {}

  static async start(log: EventLog, logger: Logger): Promise<ChannelRuntime> {
    const state = new DirectoryState(log);
    await state.start((error) => logger.error({ err: error }, 'applying directory events failed; retrying'));
    const rooms = new RoomStore(log);
    return new ChannelRuntime(state, rooms, new RoomAdminService(state, rooms, log));
  }

  async stop(): Promise<void> {
    await this.state.stop();
  }
}
