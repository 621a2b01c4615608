import { join } from 'node:path';
import { describeServiceBoot } from '@parley/testing';

describeServiceBoot('compliance', join(__dirname, '..', 'dist', 'main.js'));
