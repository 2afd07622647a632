// The failures of every suite `npm test` runs, gathered in one file so that scripts/test.mjs can
// print them as the run's last lines: a CI log kept only as its tail otherwise shows which Nx task
// failed but not which test (a server test failed that way once and could not be named).
const fs = require('node:fs');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const LOG = path.join(__dirname, '..', '..', 'tmp', 'test-failures.log');

/** Appends one failure: the suite, the test's full name, and the first lines of its error. */
function logFailure(suite, name, message) {
  const firstLines = stripVTControlCharacters(String(message || ''))
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line && !/^\s*at .*node_modules/.test(line))
    .slice(0, 6)
    .map((line) => `    ${line}`)
    .join('\n');
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.appendFileSync(LOG, `✕ ${suite}: ${name}\n${firstLines}\n`);
}

module.exports = { LOG, logFailure };
