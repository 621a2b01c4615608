import { serviceMain } from '@parley/nest-kit';
import { ChannelModule } from './channel.module.js';
import { channelSettings } from './channel.settings.js';

serviceMain({ name: 'channel', module: ChannelModule, settings: channelSettings, rpc: true });
