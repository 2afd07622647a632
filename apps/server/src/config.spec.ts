import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseDataDir } from './config';

describe('the data folder', () => {
  const start = process.cwd();
  const privateHome = mkdtempSync(path.join(os.tmpdir(), 'commonplace-config-')); // mode 0700, as /root
  const openHome = mkdtempSync(path.join(os.tmpdir(), 'commonplace-config-open-'));
  chmodSync(openHome, 0o755);
  afterEach(() => process.chdir(start));
  afterAll(() => {
    rmSync(privateHome, { recursive: true, force: true });
    rmSync(openHome, { recursive: true, force: true });
  });

  it('is /var/lib/commonplace/<clone> for root in a private folder with no DATA_DIR, the same each time', () => {
    process.chdir(privateHome);
    const first = chooseDataDir({}, true);
    expect(first.dataDir).toMatch(new RegExp(`^/var/lib/commonplace/${path.basename(privateHome)}-[0-9a-f]{8}$`));
    expect(first.note).toContain(`cannot enter ${privateHome} (mode 700), so the data folder is ${first.dataDir}`);
    expect(chooseDataDir({}, true)).toEqual(first);
  });

  it('stays ./data when the database can reach it, when not root, and whenever DATA_DIR is set', () => {
    process.chdir(openHome);
    expect(chooseDataDir({}, true)).toEqual({ dataDir: path.join(openHome, 'data'), note: undefined });
    process.chdir(privateHome);
    expect(chooseDataDir({}, false)).toEqual({ dataDir: path.join(privateHome, 'data'), note: undefined });
    expect(chooseDataDir({ DATA_DIR: './here' }, true)).toEqual({ dataDir: path.join(privateHome, 'here'), note: undefined });
  });
});
