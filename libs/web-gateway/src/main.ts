import { webServerMain } from './web-server.js';

webServerMain();
