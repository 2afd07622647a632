module.exports = {
  ...require('../../jest.preset'),
  displayName: 'server',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // One PostgreSQL for the run (DATABASE_URL's server, or an embedded one), a template database
  // migrated and seeded once, and a database per test file cloned from it.
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30_000,
};
