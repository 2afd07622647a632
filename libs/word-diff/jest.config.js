module.exports = {
  ...require('../../jest.preset'),
  displayName: 'word-diff',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
