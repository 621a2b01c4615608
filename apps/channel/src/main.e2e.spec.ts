import { join } from 'node:path';
import { describeServiceBoot } from '@parley/testing';

describeServiceBoot('channel', join(__dirname, '..', 'dist', 'main.js'));
