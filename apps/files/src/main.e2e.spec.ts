import { join } from 'node:path';
import { describeServiceBoot } from '@parley/testing';

describeServiceBoot('files', join(__dirname, '..', 'dist', 'main.js'));
