import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseDataDir, readConfig } from './config';

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

describe('replies by email settings', () => {
  const secret = 'x'.repeat(40);
  it('start a listener only with a reply domain, a secret of 32 characters or more and outgoing mail', () => {
    expect(() => readConfig({ INBOUND_SMTP_PORT: '2525' })).toThrow(/REPLY_DOMAIN and REPLY_SECRET and SMTP_URL are not/);
    expect(() => readConfig({ INBOUND_SMTP_PORT: '2525', REPLY_DOMAIN: 'reply.example', REPLY_SECRET: secret })).toThrow(/SMTP_URL is not: set it too/);
    expect(() => readConfig({ REPLY_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => readConfig({ INBOUND_SMTP_PORT: 'mail', REPLY_DOMAIN: 'reply.example', REPLY_SECRET: secret, SMTP_URL: 'smtp://x' })).toThrow(/whole number/);
    expect(() => readConfig({ INBOUND_SMTP_PORT: '2525', REPLY_DOMAIN: 'reply.example', REPLY_SECRET: secret, SMTP_URL: 'smtp://x' })).not.toThrow();
  });
});
