import { createHash, randomBytes } from 'node:crypto';
import { liveClient } from '../realtime/live-socket.testing';
import { signedIn } from '../testing/people';
import { until } from '../testing/smtp-sink';
import { createTestApp, type TestApp } from '../testing/test-app';
import { SiteSettingsService } from './site-settings.service';

const UPDATE = 'mutation($i: UpdateSiteSettingsInput!) { updateSiteSettings(input: $i) { settings { name private } errors { field code message } } }';
const READ = '{ page(slug: "emerging-issues") { title } }';

describe('site settings and private mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  }, 60_000);
  afterAll(() => t.close());
  afterEach(async () => {
    await t.dataSource.query(`UPDATE site_settings SET name = 'Commonplace', private = false`);
    await until(async () => ((await t.app.get(SiteSettingsService).isPrivate()) ? undefined : true));
  });

  it('is public by default: anyone reads, and registers without an invitation', async () => {
    expect((await t.driver.anonymous.data('{ siteSettings { name private } }')).siteSettings).toEqual({ name: 'Commonplace', private: false });
    expect((await t.driver.anonymous.data<{ page: { title: string } }>(READ)).page.title).toBe('Emerging issues');
  });

  it('private: GraphQL refuses anonymous queries with UNAUTHENTICATED, but not the few that lead to signing in; people signed in read as before', async () => {
    const admin = await signedIn(t, 'admin');
    const saved = await t.driver.as(admin).data(UPDATE, { i: { name: 'Workshop wiki', private: true } });
    expect(saved.updateSiteSettings).toEqual({ settings: { name: 'Workshop wiki', private: true }, errors: [] });

    const refused = await t.driver.anonymous.query(READ);
    expect(refused.data?.page ?? null).toBeNull();
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const search = await t.driver.anonymous.query('{ recentChanges(first: 1) { edges { cursor } } }');
    expect(search.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');

    // What the sign-in page and its neighbours need stays open.
    // (pendingSignIn: the two-step code page comes before the person is signed in.)
    expect(await t.driver.anonymous.data('{ viewer { username } siteSettings { name private } passwordResetByEmail pendingSignIn }')).toEqual({
      viewer: null,
      siteSettings: { name: 'Workshop wiki', private: true },
      passwordResetByEmail: false,
      pendingSignIn: false,
    });

    const participant = await signedIn(t, 'participant');
    expect((await t.driver.as(participant).data<{ page: { title: string } }>(READ)).page.title).toBe('Emerging issues');
    // A suspended person is still someone signed in: they read, as on a public site.
    expect((await t.driver.as(await signedIn(t, 'suspended')).data<{ page: { title: string } }>(READ)).page.title).toBe('Emerging issues');
  });

  it('private: registering needs an invitation, and works with one', async () => {
    await t.driver.as(await signedIn(t, 'admin')).data(UPDATE, { i: { name: 'Commonplace', private: true } });
    const answer = await t.driver.anonymous.data<{ register: { user: unknown; errors: { code: string }[] } }>(
      'mutation($i: RegisterInput!) { register(input: $i) { user { username } errors { field code } } }',
      { i: { username: 'uninvited', displayName: 'Uninvited', password: 'a long unusual passphrase' } },
    );
    expect(answer.register).toEqual({ user: null, errors: [{ field: 'invitation', code: 'INVITATION_REQUIRED' }] });
    expect(await t.dataSource.query(`SELECT 1 FROM users WHERE username = 'uninvited'`)).toEqual([]);

    // With an invitation (stored as the invitation job stores one: only the token's SHA-256), it works.
    const token = randomBytes(32).toString('base64url');
    await t.dataSource.query(`INSERT INTO invitations (token_hash, email, role, expires_at) VALUES ($1, 'guest@example.test', 'participant', now() + interval '1 day')`, [
      createHash('sha256').update(token).digest('hex'),
    ]);
    const invited = await t.driver.anonymous.data<{ register: { user: unknown; errors: unknown[] } }>(
      'mutation($i: RegisterInput!) { register(input: $i) { user { username } errors { field code } } }',
      { i: { username: 'invited-guest', displayName: 'Invited guest', password: 'a long unusual passphrase', invitationToken: token } },
    );
    expect(invited.register).toEqual({ user: { username: 'invited-guest' }, errors: [] });
  });

  it('private: socket.io refuses anonymous room joins, and takes those of people signed in', async () => {
    await t.driver.as(await signedIn(t, 'admin')).data(UPDATE, { i: { name: 'Commonplace', private: true } });
    const anonymous = await liveClient(t.baseUrl);
    const participant = await liveClient(t.baseUrl, (await signedIn(t, 'participant')).cookie);
    try {
      expect(await anonymous.join('page:emerging-issues')).toMatchObject({ message: 'Sign in to follow this site' });
      expect(await participant.join('page:emerging-issues')).toEqual({ joined: 'page:emerging-issues' });
    } finally {
      anonymous.close();
      participant.close();
    }
  });

  it('made private, every process lets go of its anonymous sockets (already in rooms); those of people signed in stay', async () => {
    const anonymous = await liveClient(t.baseUrl, { reconnection: false });
    const participant = await liveClient(t.baseUrl, { cookie: (await signedIn(t, 'participant')).cookie, reconnection: false });
    try {
      expect(await anonymous.join('page:emerging-issues')).toEqual({ joined: 'page:emerging-issues' });
      expect(await participant.join('page:emerging-issues')).toEqual({ joined: 'page:emerging-issues' });
      const dropped = new Promise((resolve) => anonymous.socket.once('disconnect', resolve));
      // Straight in the database, as another process would: this one hears it from PostgreSQL.
      await t.dataSource.query('UPDATE site_settings SET private = true');
      expect(await dropped).toBe('io server disconnect');
      expect(participant.socket.connected).toBe(true);
    } finally {
      anonymous.close();
      participant.close();
    }
  });

  it('a change made by another process (straight in the database) is seen here once PostgreSQL notifies it', async () => {
    const settings = t.app.get(SiteSettingsService);
    expect(await settings.isPrivate()).toBe(false);
    await t.dataSource.query('UPDATE site_settings SET private = true');
    await until(async () => ((await settings.isPrivate()) ? true : undefined), 5_000);
    expect((await t.driver.anonymous.query(READ)).errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a bad site name at its field, and saves nothing', async () => {
    const admin = await signedIn(t, 'admin');
    for (const [name, message] of [
      ['   ', 'Enter the site’s name'],
      ['x'.repeat(61), 'The site’s name must be 60 characters or fewer'],
    ]) {
      const answer = await t.driver.as(admin).data(UPDATE, { i: { name, private: true } });
      expect(answer.updateSiteSettings).toEqual({ settings: null, errors: [{ field: 'name', code: 'INVALID_SITE_NAME', message }] });
    }
    expect(await t.dataSource.query('SELECT name, private FROM site_settings')).toEqual([{ name: 'Commonplace', private: false }]);
  });
});
