import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The read cache is told of changes by PostgreSQL's NOTIFY, which reaches this process some time
 * after the commit. A write through `/graphql` must still be read back by the very next page read
 * in this process, not the cached page from before it.
 */
describe('the read cache after a write through /graphql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  it('serves the written data to the next read, every time (100 writes)', async () => {
    const moderator = await signedIn(t, 'moderator');
    // What a page read does: a cacheable query through the in-process executor.
    const read = async () => (await t.graphql.execute<{ page: { featured: boolean } }>('{ page(slug: "reading-list") { featured } }', {}, undefined, { cacheable: true })).data!.page.featured;
    const stale: number[] = [];
    for (let i = 0; i < 100; i++) {
      const featured = i % 2 === 0;
      await read(); // cached at the version before the write
      const written = await t.driver.as(moderator).query<{ setPageFeatured: { errors: unknown[] } }>('mutation ($i: SetPageFeaturedInput!) { setPageFeatured(input: $i) { errors { code } } }', { i: { slug: 'reading-list', featured } });
      expect(written.data!.setPageFeatured.errors).toEqual([]);
      if ((await read()) !== featured) stale.push(i);
    }
    expect(stale).toEqual([]);
  });
});
