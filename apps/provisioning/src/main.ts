import { serviceMain } from '@parley/nest-kit';
import { ProvisioningModule } from './provisioning.module.js';

serviceMain({ name: 'provisioning', module: ProvisioningModule, settings: {} });
