import { FirstRunService } from './first-run.service';
import { SiteSettingsService } from '../site/site-settings.service';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const SET_UP = 'mutation($i: SetUpSiteInput!) { setUpSite(input: $i) { user { username role } errors { field code message } } }';
const VALID = 'query($t: String!) { setupLinkValid(token: $t) }';

type SetUpPayload = { setUpSite: { user: { username: string; role: string } | null; errors: { field: string | null; code: string; message: string }[] } };

describe('first run in the browser', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  }, 60_000);
  afterAll(() => t.close());

  it('the seeded wiki has no administrator, so a start makes a set-up address; it creates the first administrator once, then is gone', async () => {
    const firstRun = t.app.get(FirstRunService);
    expect(await firstRun.hasAdministrator()).toBe(false);
    const address = await firstRun.setupAddress('http://127.0.0.1:4400/');
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:4400\/setup\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(address!).searchParams.get('token')!;
    expect((await t.driver.anonymous.data(VALID, { t: token })).setupLinkValid).toBe(true);
    expect((await t.driver.anonymous.data(VALID, { t: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` })).setupLinkValid).toBe(false);
    // Only its hash is kept.
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM setup_tokens'))).not.toContain(token);

    const input = { token, siteName: 'Ward 7 wiki', private: true, username: 'first-admin', password: 'a long unusual passphrase', email: null };
    const wrong = await t.driver.anonymous.data<SetUpPayload>(SET_UP, { i: { ...input, siteName: ' ', username: 'x', password: 'short', email: 'not an address' } });
    expect(wrong.setUpSite.user).toBeNull();
    expect(wrong.setUpSite.errors.map((error) => [error.field, error.code])).toEqual([
      ['siteName', 'INVALID_SITE_NAME'],
      ['username', 'INVALID_USERNAME'],
      ['password', 'WEAK_PASSWORD'],
      ['email', 'INVALID_EMAIL'],
    ]);
    expect(await firstRun.hasAdministrator()).toBe(false);

    const done = await t.driver.anonymous.query<SetUpPayload>(SET_UP, { i: input });
    expect(done.data?.setUpSite).toEqual({ user: { username: 'first-admin', role: 'Admin' }, errors: [] });
    // Signed in as the new administrator.
    const cookie = done.setCookie.map((line) => line.split(';')[0]).join('; ');
    expect((await t.driver.as({ cookie }).data('{ viewer { username role } }')).viewer).toEqual({ username: 'first-admin', role: 'Admin' });
    expect(await t.app.get(SiteSettingsService).get()).toEqual({ name: 'Ward 7 wiki', private: true });

    // Gone: the link, every other token, and a second use.
    expect((await t.driver.anonymous.data(VALID, { t: token })).setupLinkValid).toBe(false);
    expect(await t.dataSource.query('SELECT * FROM setup_tokens')).toEqual([]);
    const again = await t.driver.anonymous.data<SetUpPayload>(SET_UP, { i: { ...input, username: 'second-admin' } });
    expect(again.setUpSite.errors).toEqual([expect.objectContaining({ field: 'token', code: 'SETUP_LINK_INVALID' })]);
    expect(await firstRun.setupAddress('http://127.0.0.1:4400')).toBeNull();
  });

  it('a set-up address stops working as soon as an administrator exists some other way (the terminal command)', async () => {
    await t.dataSource.query(`DELETE FROM users WHERE role = 'admin'`);
    const firstRun = t.app.get(FirstRunService);
    const token = new URL((await firstRun.setupAddress('http://localhost'))!).searchParams.get('token')!;
    expect(await firstRun.linkValid(token)).toBe(true);
    await signedIn(t, 'admin');
    expect(await firstRun.linkValid(token)).toBe(false);
  });
});
