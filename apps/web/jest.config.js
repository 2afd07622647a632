// The web client's unit tests (app/**/*.spec.ts and .spec.tsx): the form actions against a
// stand-in for the context's `graphql`, and small components rendered to markup. No browser and no
// server; the browser tests cover the pages themselves (tests/e2e).
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/app/**/*.spec.{ts,tsx}'],
};
