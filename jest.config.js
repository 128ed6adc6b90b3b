// One Jest run, two projects: the companion and its simulators (TypeScript, Node) and the
// Lightning Web Components (sfdx-lwc-jest preset, jsdom).
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  // Integration tests start real servers and jsforce clients; none waits on wall-clock sleeps.
  testTimeout: 30000,
  // Many suites wait on servers, child processes or a browser: three workers keep two cores busy while
  // one waits (Jest's default on two cores is one worker, which runs every suite in turn).
  maxWorkers: 3,
  testSequencer: '<rootDir>/server/test/slow-first-sequencer.js',
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/server', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      setupFiles: ['<rootDir>/server/test/no-proxy-env.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      // The User Sync app in Debian's Chromium, on the sandbox org with the companion (npm run sandbox).
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/server/sandbox/lightning/e2e'],
      testMatch: ['**/*.e2e.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      ...lwcJestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
      setupFilesAfterEnv: ['<rootDir>/jest-sa11y-setup.js'],
    },
  ],
};
