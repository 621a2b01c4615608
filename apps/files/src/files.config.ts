import type { ConfigOf } from '@parley/config';
import type { serviceSettings } from '@parley/nest-kit';
import type { filesSettings } from './files.settings.js';

export type FilesConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof filesSettings>>>;
