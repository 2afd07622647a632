import { createTestApp, type TestApp } from '../testing/test-app';

interface GraphqlErrorBody {
  errors: { message: string; extensions: { code: string } }[];
}

describe('/graphql over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers a page query', async () => {
    const response = await post({ query: '{ page(slug: "emerging-issues") { title } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { page: { title: 'Emerging issues' } } });
  });

  it('answers a malformed query with a GraphQL error, not a server error', async () => {
    const response = await post({ query: '{ page(slug: "emerging-issues") { title ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphqlErrorBody;
    expect(body.errors[0].message).toMatch(/Syntax Error/);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a query for a field that does not exist with a validation error', async () => {
    const response = await post({ query: '{ page(slug: "emerging-issues") { nonsense } }' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphqlErrorBody).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers null for a slug or thread that does not exist', async () => {
    const response = await post({ query: '{ page(slug: "no-such-page") { title } thread(id: 999999) { subject } }' });
    expect(await response.json()).toEqual({ data: { page: null, thread: null } });
  });

  it('is alive at /healthz and ready at /readyz once migrated', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('says it is not ready when the migrations are missing', async () => {
    await t.dataSource.query('ALTER TABLE migrations RENAME TO migrations_hidden');
    try {
      expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(503);
    } finally {
      await t.dataSource.query('ALTER TABLE migrations_hidden RENAME TO migrations');
    }
  });
});
