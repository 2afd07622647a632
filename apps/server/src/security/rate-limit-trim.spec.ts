import { createTestApp, type TestApp } from '../testing/test-app';

/** The rate-limit table keeps only windows that still count: ended ones are removed as limits are used. */
describe('rate-limit counters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are removed once their window has ended, while current ones stay', async () => {
    // Raw on purpose: windows that ended hours ago, which no request can make.
    await t.dataSource.query(
      `INSERT INTO rate_limit_hits (key, hits, window_ends_at) SELECT 'ip:old-' || n, 3, now() - interval '2 hours' FROM generate_series(1, 50) n`,
    );
    await t.driver.anonymous.query('mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }', { i: { username: 'nobody-here', password: 'a guess at the password' } });
    const counts = async () => {
      const [row] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE key LIKE 'ip:old-%')::int AS old, count(*) FILTER (WHERE window_ends_at > now())::int AS current FROM rate_limit_hits`);
      return row as { old: number; current: number };
    };
    const deadline = Date.now() + 10_000;
    while ((await counts()).old > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // The failed sign-in's own windows stay: its address's sign-in limit, its username's failures and its query cost.
    expect(await counts()).toEqual({ old: 0, current: 3 });
  });
});
