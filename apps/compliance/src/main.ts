import { serviceMain } from '@parley/nest-kit';
import { ComplianceModule } from './compliance.module.js';

serviceMain({ name: 'compliance', module: ComplianceModule, settings: {} });
