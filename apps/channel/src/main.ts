import { serviceMain } from '@parley/nest-kit';
import { ChannelModule } from './channel.module.js';
import { channelSettings } from './channel.settings.js';
import { historyTool } from './history/history-tool.js';

const [command, action] = process.argv.slice(2);
if (command === undefined) {
  serviceMain({ name: 'channel', module: ChannelModule, settings: channelSettings, rpc: true, apiTitle: 'Parley channel API: history and search' });
} else if (command === 'history') {
  historyTool(action).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`parley-channel history ${action ?? ''}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(action === 'migrate' || action === 'rebuild' ? 1 : 2);
    },
  );
} else {
  process.stderr.write(`parley-channel: unknown command "${command}"; try "history migrate" or "history rebuild"\n`);
  process.exit(2);
}
