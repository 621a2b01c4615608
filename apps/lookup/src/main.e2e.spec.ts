import { join } from 'node:path';
import { describeServiceBoot } from '@parley/testing';

describeServiceBoot('lookup', join(__dirname, '..', 'dist', 'main.js'));
