import { createTestApp, type TestApp } from '../testing/test-app';

describe('GraphQL introspection in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ production: true });
  });
  afterAll(() => t.close());

  it('is refused, while ordinary queries still work', async () => {
    const introspection = await t.driver.anonymous.query('{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0].message).toMatch(/introspection is not allowed/i);
    const page = await t.driver.anonymous.query<{ page: { title: string } }>('{ page(slug: "emerging-issues") { title } }');
    expect(page.data).toEqual({ page: { title: 'Emerging issues' } });
  });
});
