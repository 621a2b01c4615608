import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const everyLayer = ['type:contracts', 'type:domain', 'type:infra', 'type:application', 'type:testing'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.parley/**', '.nx/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    // Nest injects by constructor parameter types: imports used only in those positions are values.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      // DESIGN.md §8: contracts depend on nothing; domain on contracts; infrastructure libs on
      // contracts (and each other); application libs on those; apps on libs; no app imports
      // another app (Nx forbids it).
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
            // Application libs put the pure domain to work on the infrastructure (state followed from the log).
            { sourceTag: 'type:application', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: everyLayer },
            { sourceTag: 'type:cli', onlyDependOnLibsWithTags: everyLayer },
            // The web client runs in a browser: contracts and the SDK (and the test harness in tests).
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: everyLayer },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The test harness is for tests only (DESIGN.md §8).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@parley/testing', message: 'libs/testing is only for tests (*.spec.ts).' }] }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
