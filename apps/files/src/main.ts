import { serviceMain } from '@parley/nest-kit';
import { FilesModule } from './files.module.js';
import { filesSettings } from './files.settings.js';

serviceMain({ name: 'files', module: FilesModule, settings: filesSettings, apiTitle: 'Parley files API: posting files to rooms' });
