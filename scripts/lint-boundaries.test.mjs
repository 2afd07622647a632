// The lint's module boundaries hold: a web file or a library importing server code is refused.
// Run by `npm run lint` (and so by `npm test`), with ESLint's own API on the workspace's config.
// Nx must have computed its project graph first (`nx show projects`): without it the rule passes everything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
const boundaryErrors = async (filePath, code) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
};

test('a web file importing from the server fails the lint', async () => {
  const errors = await boundaryErrors('apps/web/app/boundary-probe.ts', "import { loadConfig } from '../../server/src/config';\nexport const probe = loadConfig;\n");
  assert.equal(errors.length, 1, 'one boundary error');
});

test('a library importing from an app fails the lint', async () => {
  const errors = await boundaryErrors('libs/markdown/src/boundary-probe.ts', "import { pageTitle } from '../../../apps/web/app/site';\nexport const probe = pageTitle;\n");
  assert.equal(errors.length, 1, 'one boundary error');
});

test('a web file importing a shared library by its alias passes', async () => {
  const errors = await boundaryErrors('apps/web/app/boundary-probe.ts', "import { slugify } from '@commonplace/markdown';\nexport const probe = slugify;\n");
  assert.deepEqual(errors, []);
});
