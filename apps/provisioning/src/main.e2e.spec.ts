import { join } from 'node:path';
import { describeServiceBoot } from '@parley/testing';

describeServiceBoot('provisioning', join(__dirname, '..', 'dist', 'main.js'));
