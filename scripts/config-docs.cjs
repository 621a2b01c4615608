#!/usr/bin/env node
// Regenerates the settings tables of docs/configuration.md from the built code (npm run docs:config).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { withConfigurationReference } = require(join(root, 'libs/config/dist'));
const sections = [
  { service: 'provisioning', shape: require(join(root, 'apps/provisioning/dist/provisioning.settings.js')).provisioningSettings },
  { service: 'lookup', shape: require(join(root, 'apps/lookup/dist/lookup.settings.js')).lookupSettings },
  { service: 'channel', shape: require(join(root, 'apps/channel/dist/channel.settings.js')).channelSettings },
  { service: 'compliance', shape: require(join(root, 'apps/compliance/dist/compliance.settings.js')).complianceSettings },
  { service: 'files', shape: require(join(root, 'apps/files/dist/files.settings.js')).filesSettings },
  { service: 'web', shape: require(join(root, 'libs/web-gateway/dist/web-gateway.settings.js')).webSettings },
];
const file = join(root, 'docs', 'configuration.md');
writeFileSync(file, withConfigurationReference(readFileSync(file, 'utf8'), sections));
