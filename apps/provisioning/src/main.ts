import { serviceMain } from '@parley/nest-kit';
import { ProvisioningModule } from './provisioning.module.js';
import { provisioningSettings } from './provisioning.settings.js';

serviceMain({ name: 'provisioning', module: ProvisioningModule, settings: provisioningSettings, apiTitle: 'Parley provisioning and administration API' });
