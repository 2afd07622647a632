// Unit tests of the web client's server-side form handling (app/**/*.spec.ts): no browser and no
// server, GraphQL answered by a stand-in for the context's `graphql`. The browser tests cover the
// pages themselves (tests/e2e).
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/app/**/*.spec.ts'],
};
