// The test of several server processes sharing live updates needs a Redis: it runs when REDIS_URL
// is set (.ci/run sets it), and is left out, saying so, on a machine without one.
if (!process.env.REDIS_URL) console.log('REDIS_URL is not set: live-events-redis.spec.ts (two server processes through Redis) is not run.');

const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  // ES-module-only packages the server uses, compiled to CommonJS for Jest (see jest.esm-transform.js).
  transform: { ...preset.transform, '/node_modules/email-reply-parser/.+\\.js$': '<rootDir>/jest.esm-transform.js' },
  transformIgnorePatterns: ['/node_modules/(?!email-reply-parser/)'],
  displayName: 'server',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The pure functions' unit tests run on their own, without a database (jest.rules.config.js).
  testPathIgnorePatterns: ['/node_modules/', '-rules?\\.spec\\.ts$', '/src/common/', ...(process.env.REDIS_URL ? [] : ['live-events-redis\\.spec\\.ts$'])],
  // One PostgreSQL for the run (DATABASE_URL's server, or an embedded one), a template database
  // migrated and seeded once, and a database per test file cloned from it.
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30_000,
};
