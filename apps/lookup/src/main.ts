import { serviceMain } from '@parley/nest-kit';
import { LookupModule } from './lookup.module.js';

serviceMain({ name: 'lookup', module: LookupModule, settings: {} });
