// Pure functions: the rules that judge what someone typed (`*-rules.ts`) and the shared building
// blocks (`common/`). Their unit tests need no database, so they run without the server tests'
// global set-up, in seconds.
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'server rules',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*-rule?(s).spec.ts', '<rootDir>/src/common/**/*.spec.ts'],
};
