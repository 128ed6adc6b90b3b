// Lint for the whole repository: typescript-eslint for the companion, simulators and scripts;
// the Salesforce LWC configuration for Lightning Web Components.
const tseslint = require('typescript-eslint');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const globals = require('globals');

module.exports = [
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.lightning/**',
      'test-results/**',
      '.sf/**',
      '.sfdx/**',
      '**/fixtures/broken/**',
      'data/**',
    ],
  },
  ...tseslint.configs.recommended.map((config) => ({
    ...config,
    files: ['server/**/*.ts', 'scripts/**/*.ts'],
  })),
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...lwcConfig.configs.recommended.map((config) => ({
    ...config,
    files: ['force-app/**/lwc/**/*.js', 'server/sandbox/lightning/modules/**/*.js'],
  })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ['*.js', '.ci/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
];
