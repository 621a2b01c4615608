// Three test tiers, chosen by file name (see docs/testing.md):
//   *.spec.ts      unit: pure code, no I/O beyond memory
//   *.int.spec.ts  integration: a real nats-server, PostgreSQL, SQLite, S3 on loopback
//   *.e2e.spec.ts  end to end: built processes and clients
// `jest --selectProjects unit` (or int, e2e) runs one tier; plain `jest` runs them all.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // NestJS 12 and jose 6 ship ES modules only: let swc turn them into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose)/)'],
  moduleNameMapper: {
    '^@parley/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.parley/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

const tier = (name, match, extra = {}) => ({ ...common, displayName: name, testMatch: match, ...extra });

module.exports = {
  projects: [
    tier('unit', ['<rootDir>/{apps,libs,infra}/**/*.spec.ts'], {
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    }),
    tier('int', ['<rootDir>/{apps,libs,infra}/**/*.int.spec.ts'], { setupFilesAfterEnv: ['<rootDir>/tools/jest/int.setup.cjs'] }),
    tier('e2e', ['<rootDir>/{apps,libs,infra}/**/*.e2e.spec.ts'], { setupFilesAfterEnv: ['<rootDir>/tools/jest/e2e.setup.cjs'] }),
  ],
};
