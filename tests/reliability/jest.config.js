// The reliability suite: the built server as processes under load, crashes, a database restart,
// Redis going away and a load balancer. `npm test` runs the short versions; `npm run reliability`
// (RELIABILITY_FULL=1) runs the load for the full 60 s. Figures go to the console and, as JSON,
// to tests/reliability/results/.
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'reliability',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 240_000,
};
