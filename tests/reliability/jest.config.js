// The reliability suite: the built server as processes under load, crashes, a database restart,
// Redis going away and a load balancer. `npm test` runs the short versions; `npm run reliability`
// (RELIABILITY_FULL=1) runs the load for the full 60 s. Figures go to the console and, as JSON,
// to tests/reliability/results/.

// Three processes behind nginx share one PostgreSQL server and one Redis: that test runs when
// DATABASE_URL and REDIS_URL are set (.ci/run sets both), and is left out, saying so, otherwise.
const sharedServers = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!sharedServers) console.log('DATABASE_URL or REDIS_URL is not set: three-processes.spec.ts (three processes behind nginx) is not run.');

module.exports = {
  ...require('../../jest.preset'),
  displayName: 'reliability',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(sharedServers ? [] : ['three-processes\\.spec\\.ts$'])],
  maxWorkers: 1,
  testTimeout: 240_000,
};
