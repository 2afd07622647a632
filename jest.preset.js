// Shared Jest settings: TypeScript through ts-jest (transpile only, type checks run in `typecheck`),
// and the same path aliases as tsconfig.base.json.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  // Failed tests also go to one log that `npm test` prints last (scripts/test-failures/).
  reporters: ['default', path.join(__dirname, 'scripts/test-failures/jest-reporter.cjs')],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json') }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  moduleNameMapper: {
    '^@commonplace/markdown$': path.join(__dirname, 'libs/markdown/src/index.ts'),
    '^@commonplace/word-diff$': path.join(__dirname, 'libs/word-diff/src/index.ts'),
    '^@commonplace/live-events$': path.join(__dirname, 'libs/live-events/src/index.ts'),
    '^@commonplace/load-context$': path.join(__dirname, 'libs/load-context/src/index.ts'),
  },
};
