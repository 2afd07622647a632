module.exports = {
  ...require('../../jest.preset'),
  displayName: 'markdown',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
