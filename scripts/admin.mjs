#!/usr/bin/env node
// `npm run admin -- create <username>`: builds the server if needed (Nx caches it), then runs the
// admin command with the same arguments.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync('npx', ['nx', 'run', 'server:build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(build.status ?? 1);
}
const admin = spawnSync(process.execPath, [path.join(root, 'dist/server/apps/server/src/cli/admin.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(admin.status ?? 1);
