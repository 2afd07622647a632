// A Playwright reporter beside `list`: writes each test that did not end as expected (failed, timed
// out, or passed where it should fail) to the shared failure log (log.cjs).
const path = require('node:path');
const { logFailure } = require('./log.cjs');

module.exports = class FailureLogReporter {
  onTestEnd(test, result) {
    if (result.status === test.expectedStatus || result.status === 'skipped') return;
    const where = `${path.relative(process.cwd(), test.location.file)}:${test.location.line}`;
    logFailure('e2e', `${where} › ${test.titlePath().filter(Boolean).join(' › ')} (${result.status})`, result.error?.message);
  }

  onError(error) {
    logFailure('e2e', 'outside any test', error.message);
  }
};
