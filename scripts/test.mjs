// `npm test` after lint: every project's tests one task at a time, as before, then the failed tests
// of all of them (gathered by test-failures/) as the last lines, so a log kept only as its tail
// still names them. The exit status is Nx's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const { LOG } = createRequire(import.meta.url)('./test-failures/log.cjs');
fs.rmSync(LOG, { force: true });

const run = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...process.argv.slice(2)], {
  stdio: 'inherit',
});

const failures = fs.existsSync(LOG) ? fs.readFileSync(LOG, 'utf8') : '';
if (failures) console.log(`\nFailed tests, from every suite (also in ${LOG}):\n${failures}`);
else if (run.status !== 0) console.log('\nNo test failed: a suite failed before or after its tests (see its output above).');
process.exit(run.status ?? 1);
