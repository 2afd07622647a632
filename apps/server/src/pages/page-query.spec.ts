import { DataVersion } from '../database/data-version.service';
import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';
import { webDocument } from '../testing/web-documents';

/** The query the wiki page view sends (apps/web/app/routes/page.tsx), as it sends it. */
const PAGE_QUERY = webDocument('WikiPage');

describe('the page query', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs a fixed number of SQL statements, however many recommendations and stars there are (no N+1)', async () => {
    const run = () => t.graphql.execute(PAGE_QUERY, { slug: 'emerging-issues' });
    // Doubles the recommendations, each copy starred by a new person, so every star's person is new.
    // Raw INSERTs on purpose: hundreds of rows per round, in one statement, not one factory call each.
    // Then waits until the app has heard of the change: the areas a page shows are kept until a
    // change to their tables is heard (KeptRead), and a read in the instant before the notification
    // arrived was given the kept 68 rather than 136 (it failed CI so, once).
    const grow = async (round: number) => {
      await t.dataSource.query(`
        INSERT INTO recommendations (area_id, position, text) SELECT area_id, position + 1000, text || ' (copy ${round})' FROM recommendations;
        INSERT INTO users (username, display_name) SELECT 'reader' || id, 'Reader ' || id FROM recommendations r
          WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.username = 'reader' || r.id);
        INSERT INTO stars (recommendation_id, user_id, reason)
          SELECT r.id, u.id, 'A reason' FROM recommendations r JOIN users u ON u.username = 'reader' || r.id
          WHERE NOT EXISTS (SELECT 1 FROM stars s WHERE s.recommendation_id = r.id);
      `);
      await t.app.get(DataVersion).settle();
    };
    const recommendationCount = async () => {
      const { data } = await run();
      return (data as { page: { recommendationAreas: { recommendations: unknown[] }[] } }).page.recommendationAreas.reduce(
        (sum, area) => sum + area.recommendations.length,
        0,
      );
    };

    await grow(1);
    expect(await recommendationCount()).toBe(68);
    const withSixtyEight = await countStatements(run);
    await grow(2);
    expect(await recommendationCount()).toBe(136);
    const withOneHundredThirtySix = await countStatements(run);

    // The page (with its revision and latest change), its threads and its recommendation areas (with
    // their recommendations, stars and people) are a statement each, whatever the data; the markdown
    // renderer may read the wiki's page names once.
    expect(withSixtyEight.length).toBeLessThanOrEqual(4);
    expect(withOneHundredThirtySix.length).toBeLessThanOrEqual(4);
  });
});
