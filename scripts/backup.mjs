#!/usr/bin/env node
// `npm run backup [-- <file>]` and `npm run restore <archive>`: build the server if needed (Nx
// caches it), then run the backup command (apps/server/src/cli/backup.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync('npx', ['nx', 'run', 'server:build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(build.status ?? 1);
}
const command = spawnSync(process.execPath, [path.join(root, 'dist/server/apps/server/src/cli/backup.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(command.status ?? 1);
