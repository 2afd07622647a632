// A Jest reporter beside the default one: writes each failed test, and each test file that failed to
// run at all, to the shared failure log (log.cjs).
const path = require('node:path');
const { logFailure } = require('./log.cjs');

module.exports = class FailureLogReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onTestResult(test, result) {
    const suite = test.context.config.displayName?.name ?? path.basename(test.context.config.rootDir);
    const file = path.relative(this.rootDir, result.testFilePath);
    if (result.testExecError) logFailure(suite, `${file} did not run`, result.testExecError.message);
    for (const assertion of result.testResults) {
      if (assertion.status === 'failed') {
        logFailure(suite, `${file} › ${assertion.fullName}`, assertion.failureMessages.join('\n'));
      }
    }
  }
};
