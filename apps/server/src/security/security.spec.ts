import { createTestApp, type TestApp } from '../testing/test-app';
import { MAX_BODY_BYTES } from '../http/configure-http';
import { normaliseUsername, USERNAME_MAX } from '../accounts/account-rules';

const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }';

describe('the security baseline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stops repeated sign-in attempts with "try again in N minutes", counted in PostgreSQL', async () => {
    const attempt = () => t.driver.anonymous.query(SIGN_IN, { i: { username: 'someone', password: 'a guess at the password' } });
    for (let i = 0; i < 10; i++) expect((await attempt()).errors).toBeUndefined();
    const refused = await attempt();
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Too many attempts\. Try again in 15 minutes\.$/), extensions: { code: 'TOO_MANY_REQUESTS' } });
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // The address's sign-in counter (the username's failures and the query budget are counted under their own keys).
    const [row] = await t.dataSource.query(`SELECT max(hits) AS hits FROM rate_limit_hits WHERE key NOT LIKE 'graphql-cost:%' AND key NOT LIKE 'sign-in-failures:%'`);
    expect(Number(row.hits)).toBe(11);
  });

  it('refuses a state-changing request from another site with a page that says so', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<h1>This form could not be sent</h1>');
    const form = await fetch(`${t.baseUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://evil.example/page' },
      body: 'username=a&password=b',
    });
    expect(form.status).toBe(403);
  });

  it('refuses GraphQL requests that are not JSON and carry no custom header (Apollo CSRF prevention)', async () => {
    const response = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ viewer { username } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses bodies over the size limit', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.baseUrl },
      body: JSON.stringify({ query: '{ viewer { username } }', padding: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses queries that are too deep or too complex', async () => {
    const nest = (levels: number): string => (levels === 0 ? 'subject' : `page { threads { threads { ${nest(levels - 1)} } } }`);
    const deep = await t.driver.anonymous.query(`{ thread(id: 1) { ${nest(4)} } }`); // 14 levels
    expect((await t.driver.anonymous.query(`{ thread(id: 1) { ${nest(2)} } }`)).errors).toBeUndefined(); // 8 levels
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0].message).toMatch(/exceeds maximum operation depth/);
    const wide = Array.from({ length: 200 }, (_, i) => `a${i}: areas { title description position recommendations { text } }`).join(' ');
    const complex = await t.driver.anonymous.query(`{ ${wide} }`);
    expect(complex.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it('refuses hundreds of aliased searches in one anonymous request before running any', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `s${i}: search(query: $q) { totalCount }`).join(' ');
    const started = Date.now();
    const refused = await t.driver.anonymous.query(`query($q: String!) { ${many} }`, { q: 'handover' });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/renames too many fields/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const few = Array.from({ length: 5 }, (_, i) => `s${i}: search(query: $q) { totalCount }`).join(' ');
    expect((await t.driver.anonymous.query(`query($q: String!) { ${few} }`, { q: 'handover' })).errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts a list’s fields once per item it may return', async () => {
    const fields = 'edges { cursor node { kind id title url snippet areaTitle rank } }';
    const small = await t.driver.anonymous.query(`{ search(query: "handover", first: 5) { ${fields} } }`);
    expect(small.errors).toBeUndefined();
    const large = await t.driver.anonymous.query(`{ a: search(query: "a", first: 100) { ${fields} } b: search(query: "b", first: 100) { ${fields} } }`);
    expect(large.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it('cuts a huge search text or username before normalising it', async () => {
    const huge = 'ﬀ'.repeat(300_000);
    const search = await t.driver.anonymous.query('query($q: String!) { a: search(query: $q) { totalCount } b: search(query: $q) { totalCount } }', { q: huge });
    expect(search.errors).toBeUndefined();
    const user = await t.driver.anonymous.query('query($u: String!) { user(username: $u) { username } }', { u: huge });
    expect(user.errors).toBeUndefined();
    expect((user.data as { user: unknown }).user).toBeNull();
    // The username is cut before NFKC would double every "ﬀ" into "ff".
    expect(normaliseUsername(huge).length).toBeLessThanOrEqual(USERNAME_MAX + 1);
  });

  it('sends a Content Security Policy whose script nonce changes with every response', async () => {
    const policy = async () => (await fetch(`${t.baseUrl}/healthz`)).headers.get('content-security-policy') ?? '';
    const [first, second] = [await policy(), await policy()];
    expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(first).toContain("frame-ancestors 'none'");
    expect(first).not.toContain('unsafe-inline');
    expect(first).not.toBe(second);
  });
});
