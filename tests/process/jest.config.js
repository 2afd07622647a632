// Tests of the built server as a process: start-up, shutdown, restarts and start-up errors.
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'process',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
