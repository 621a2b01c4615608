import { serviceMain } from '@parley/nest-kit';
import { LookupModule } from './lookup.module.js';
import { lookupSettings } from './lookup.settings.js';

serviceMain({ name: 'lookup', module: LookupModule, settings: lookupSettings, apiTitle: 'Parley lookup API' });
