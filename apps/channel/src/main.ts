import { serviceMain } from '@parley/nest-kit';
import { ChannelModule } from './channel.module.js';

serviceMain({ name: 'channel', module: ChannelModule, settings: {}, rpc: true });
