// The rules: pure functions that judge what someone typed (`*-rules.ts`, `common/reason-rule.ts`).
// Their unit tests need no database, so they run without the server tests' global set-up, in seconds.
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'server rules',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*-rule?(s).spec.ts'],
};
