import { serviceMain } from '@parley/nest-kit';
import { FilesModule } from './files.module.js';

serviceMain({ name: 'files', module: FilesModule, settings: {} });
