#!/usr/bin/env node
// The README's two commands start here. This file must run on a fresh clone, so it uses nothing
// but Node itself: it installs what is missing (npm packages, nats-server), builds, then runs
// Parley (`start`), every test tier (`test`) or a benchmark (`bench NAME`).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync, accessSync, constants } = require('node:fs');
const { join, delimiter } = require('node:path');

const root = join(__dirname, '..');
const [command, ...args] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const fail = (line) => {
  process.stderr.write(`${line}\n`);
  process.exit(1);
};

function run(cmd, argv, options = {}) {
  const result = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

function mustRun(label, cmd, argv, options) {
  const started = Date.now();
  const status = run(cmd, argv, options);
  if (status !== 0) fail(`\n✗ ${label} failed (exit ${status})`);
  say(`✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Parley needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
}

/** `npm ci` when node_modules is missing or was installed from a different lockfile. */
function ensurePackages() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(root, 'node_modules', '.parley-lock-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  say('Installing npm packages (npm ci)...');
  mustRun('npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, hash);
}

function onPath(binary, extra = []) {
  for (const dir of [...(process.env.PATH || '').split(delimiter), ...extra]) {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** Installs Debian packages that provide missing binaries (as root), or says how to. */
function ensureSystemPackages(needed) {
  const missing = needed.filter(({ binary }) => !onPath(binary, ['/usr/sbin', '/usr/bin']));
  if (missing.length === 0) return;
  const packages = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    fail(`Parley needs ${packages.join(', ')}. Install ${packages.length > 1 ? 'them' : 'it'} first, e.g.: sudo apt-get install -y ${packages.join(' ')}`);
  }
  say(`Installing ${packages.join(', ')} (apt-get)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env }) !== 0) {
    mustRun('apt-get update', 'apt-get', ['update'], { env });
    mustRun(`apt-get install ${packages.join(' ')}`, 'apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env });
  }
}

function build() {
  mustRun('build (tsc -b)', bin('tsc'), ['-b', 'tsconfig.json']);
  mustRun('build the web client (vite)', 'npm', ['run', 'build', '-w', '@parley/web']);
}

/** A tool installed by npm (node_modules/.bin links to its entry script). */
const bin = (name) => join(root, 'node_modules', '.bin', name);

function test() {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const started = Date.now();
  // The module-boundary rule reads Nx's project graph; computing it first makes the rule run.
  const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  mustRun('project graph (nx)', bin('nx'), ['show', 'projects'], { env: nxEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  mustRun('lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']);
  mustRun('type-check tests', bin('tsc'), ['-p', 'tsconfig.spec.json']);
  const jest = ['--config', 'jest.config.cjs', ...(ci ? ['--ci'] : []), '--passWithNoTests', ...args];
  // Integration and end-to-end test files mostly wait on the processes and sockets they drive, so
  // two run at a time; the failover drill loads the whole machine (seven servers, 200 clients) and
  // runs alone, last.
  const alone = 'infra/bench/src/failover\\.e2e\\.spec\\.ts$';
  const runs = [
    ['unit tests', ['--selectProjects=unit']],
    ['int tests', ['--selectProjects=int', '--maxWorkers=2']],
    ['e2e tests', ['--selectProjects=e2e', '--maxWorkers=2', '--testPathIgnorePatterns', '/node_modules/', '/dist/', alone]],
    ['e2e tests: the failover drill', ['--selectProjects=e2e', `--testPathPatterns=${alone}`]],
  ];
  for (const [name, tier] of runs) mustRun(name, bin('jest'), [...jest, ...tier]);
  say(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

/** Runs the final program, passing on SIGTERM and SIGINT and exiting with its status. */
function exec(file, argv) {
  const child = spawn(process.execPath, [file, ...argv], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    // A terminal's Ctrl-C reaches the child directly (same process group); pass on the rest.
    process.on(signal, () => signal !== 'SIGINT' && child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

const SYSTEM = {
  start: [{ binary: 'nats-server', pkg: 'nats-server' }],
  // The test harness also runs a real OpenLDAP (slapd, with ldapsearch) and makes TLS certificates
  // (openssl); compliance tests validate XML exports against their XSD (xmllint).
  test: [
    { binary: 'nats-server', pkg: 'nats-server' },
    { binary: 'slapd', pkg: 'slapd' },
    { binary: 'ldapsearch', pkg: 'ldap-utils' },
    { binary: 'openssl', pkg: 'openssl' },
    { binary: 'xmllint', pkg: 'libxml2-utils' },
    { binary: 'chromium', pkg: 'chromium' },
  ],
  bench: [
    { binary: 'nats-server', pkg: 'nats-server' },
    { binary: 'slapd', pkg: 'slapd' },
  ],
};

function main() {
  if (!SYSTEM[command]) fail('usage: node scripts/bootstrap.cjs start|test|bench [args]');
  checkNode();
  ensureSystemPackages(SYSTEM[command]);
  ensurePackages();
  build();
  if (command === 'start') exec(join(root, 'infra', 'launcher', 'dist', 'main.js'), args);
  if (command === 'bench') exec(join(root, 'infra', 'bench', 'dist', 'main.js'), args);
  if (command === 'test') test();
}

main();
