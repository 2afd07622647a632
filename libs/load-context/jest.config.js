module.exports = {
  ...require('../../jest.preset'),
  displayName: 'load-context',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
