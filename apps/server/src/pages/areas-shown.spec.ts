process.env.READ_CACHE = 'off';

import { changesElsewhere } from '../testing/changes-elsewhere';
import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The featured page's recommendation areas are read once and kept, with the read cache off too,
 * until another process (here: SQL straight in the database) changes an area, a recommendation, a
 * star or a person's name; then the next view shows the change.
 */
describe('the recommendation areas a page shows, kept until they change', () => {
  let t: TestApp;
  let elsewhere: Awaited<ReturnType<typeof changesElsewhere>>;

  beforeAll(async () => {
    t = await createTestApp();
    elsewhere = await changesElsewhere(t);
  });
  afterAll(async () => {
    await elsewhere.close();
    await t.close();
  });

  type Shown = { page: { recommendationAreas: { title: string; recommendations: { id: number; text: string; stars: { user: { displayName: string } }[] }[] }[] } };
  const view = async (): Promise<Shown['page']['recommendationAreas']> => {
    const result = await t.graphql.execute<Shown>(
      '{ page(slug: "emerging-issues") { recommendationAreas { title recommendations { id text stars { user { displayName } } } } } }',
      {},
      undefined,
      { cacheable: true },
    );
    expect(result.errors).toBeUndefined();
    return (result.data as unknown as Shown).page.recommendationAreas;
  };
  const readsAreas = (statements: string[]) => statements.some((statement) => /FROM areas a WHERE a\.archived_at IS NULL/.test(statement));

  it('reads the areas once for many views, and again after each change to what they show', async () => {
    const before = await view();
    expect(before.length).toBeGreaterThan(1);
    expect(readsAreas(await countStatements(view))).toBe(false);

    // A change to the page itself (as a save makes): none of the areas changed, so they are not read again.
    await elsewhere.change(`UPDATE pages SET tags = tags WHERE slug = 'emerging-issues'`);
    expect(readsAreas(await countStatements(view))).toBe(false);

    const first = before[0].recommendations[0];
    await elsewhere.change('UPDATE recommendations SET text = $1 WHERE id = $2', [`${first.text} (reworded elsewhere)`, first.id]);
    let shown: Awaited<ReturnType<typeof view>> = [];
    const statements = await countStatements(async () => (shown = await view()));
    expect(readsAreas(statements)).toBe(true);
    expect(shown[0].recommendations[0].text).toBe(`${first.text} (reworded elsewhere)`);

    await elsewhere.change(`UPDATE areas SET title = title || ' (renamed)' WHERE id = (SELECT area_id FROM recommendations WHERE id = $1)`, [first.id]);
    expect((await view())[0].title).toBe(`${before[0].title} (renamed)`);

    const starred = before.flatMap((area) => area.recommendations).find((recommendation) => recommendation.stars.length > 0)!;
    const name = starred.stars[0].user.displayName;
    await elsewhere.change(`UPDATE users SET display_name = display_name || ' (renamed)' WHERE display_name = $1`, [name]);
    const again = (await view()).flatMap((area) => area.recommendations).find((recommendation) => recommendation.id === starred.id)!;
    expect(again.stars[0].user.displayName).toBe(`${name} (renamed)`);

    await elsewhere.change('DELETE FROM stars WHERE recommendation_id = $1', [starred.id]);
    expect((await view()).flatMap((area) => area.recommendations).find((recommendation) => recommendation.id === starred.id)!.stars).toEqual([]);
  });
});
