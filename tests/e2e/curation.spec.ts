import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { errorSummary, expect, signInWithCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Moderators curating areas and recommendations, by keyboard only, with scripts blocked and with
 * them on. Other specs share this database and count the seeded areas (five on the home page, with
 * 8, 6, 9, 5 and 6 recommendations), so every act here is on areas and recommendations this spec
 * creates, and those areas are kept archived (out of every list) except for the few moments an act
 * needs one listed (moving a recommendation into it, restoring a recommendation in it).
 */

interface Fixture {
  tag: string;
  from: { id: number; slug: string; title: string };
  to: { id: number; slug: string; title: string };
  alpha: number;
  beta: number;
  gamma: number;
}

async function createArea(db: TestDatabase, title: string): Promise<{ id: number; slug: string; title: string }> {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO areas (slug, title, description, position, archived_at)
     VALUES ($1, $2, 'Made by the curation browser test.', (SELECT coalesce(max(position), 0) + 1 FROM areas), now()) RETURNING id`,
    [slug, title],
  );
  return { id: row.id, slug, title };
}

async function addRecommendation(db: TestDatabase, areaId: number, text: string, position: number): Promise<number> {
  const [row] = await db.query<{ id: number }>(`INSERT INTO recommendations (area_id, position, text, seen_at) VALUES ($1, $2, $3, now()) RETURNING id`, [areaId, position, text]);
  return row.id;
}

async function fixture(db: TestDatabase): Promise<Fixture> {
  const tag = randomBytes(3).toString('hex');
  const from = await createArea(db, `Curation test ${tag}`);
  const to = await createArea(db, `Zz destination ${tag}`);
  return {
    tag,
    from,
    to,
    alpha: await addRecommendation(db, from.id, `Alpha${tag} share the safety case with clinicians`, 1),
    beta: await addRecommendation(db, from.id, `Beta${tag} publish the project risk log`, 2),
    gamma: await addRecommendation(db, from.id, `Gamma${tag} make the project risk log public`, 3),
  };
}

async function setListed(db: TestDatabase, areaId: number, listed: boolean): Promise<void> {
  await db.query(`UPDATE areas SET archived_at = ${listed ? 'NULL' : 'now()'} WHERE id = $1`, [areaId]);
}

/** Presses Tab until `target` has focus (wrapping round the page if need be). */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${max} presses of Tab did not reach ${target}`);
}

/** Chooses an option of a focused closed select with the arrow keys, as a keyboard user does. */
async function arrowTo(page: Page, select: Locator, value: string, max = 120): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${max} presses of ArrowDown did not choose ${value} in ${select}`);
}

/**
 * Acts that need one of this spec's areas listed land in the shared Emerging issues timeline (and
 * its "Latest page update", which other specs read): take them off it at once, keeping them in the
 * recommendation's own history.
 */
async function offSharedTimeline(db: TestDatabase, recommendationIds: number[]): Promise<void> {
  await db.query('UPDATE changes SET page_id = NULL WHERE recommendation_id = ANY($1) AND page_id IS NOT NULL', [recommendationIds]);
}

/** Tabs to a field, selects what it holds and types over it. */
async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

function list(page: Page): Locator {
  return page.locator('ol.curated-list > li > a');
}

function tools(page: Page, text: string): Locator {
  return page.locator('summary', { hasText: `Moderator tools for ‘${text}` });
}

async function signInModerator(page: Page, db: TestDatabase): Promise<void> {
  const moderator = await db.createPerson({ role: 'moderator', name: 'curator' });
  await signInWithCookie(page.context(), await db.startSession(moderator.id));
}

test.describe('curating as a moderator', () => {
  let made: Fixture | undefined;
  test.afterEach(async ({ db }) => {
    // Whatever happened, this spec's areas leave every list.
    if (made) await db.query('UPDATE areas SET archived_at = coalesce(archived_at, now()) WHERE id = ANY($1)', [[made.from.id, made.to.id]]);
    made = undefined;
  });

  test('rename an area, move a recommendation up and to another area, merge two, archive and restore: keyboard only, scripts blocked', async ({ page, db }) => {
    test.setTimeout(90_000);
    const blocked = await blockScripts(page);
    await signInModerator(page, db);
    const f = (made = await fixture(db));
    const alpha = `Alpha${f.tag}`;
    const beta = `Beta${f.tag}`;
    const gamma = `Gamma${f.tag}`;

    await test.step('rename the area', async () => {
      await page.goto(`/areas/${f.from.slug}`);
      await tabTo(page, page.locator('summary', { hasText: 'Change this area' }));
      await page.keyboard.press('Enter');
      await typeInto(page, page.getByRole('textbox', { name: 'Title', exact: true }), `Curation renamed ${f.tag}`);
      await tabTo(page, page.getByRole('button', { name: 'Rename area' }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('alert')).toContainText('The area has been renamed.');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Curation renamed ${f.tag}`);
    });

    await test.step('move a recommendation up', async () => {
      await tabTo(page, tools(page, beta));
      await page.keyboard.press('Enter');
      await tabTo(page, page.getByRole('button', { name: new RegExp(`^Move ‘${beta}.*’ up$`) }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('alert')).toContainText('moved. It is now 1 of 3.');
      await expect(list(page)).toHaveText([new RegExp(`^${beta}`), new RegExp(`^${alpha}`), new RegExp(`^${gamma}`)]);
    });

    await test.step('move it to another area', async () => {
      await setListed(db, f.to.id, true);
      try {
        // Reloaded so the list of areas includes the one just listed; the tools of the recommendation
        // just moved are open again (the address names it).
        await page.reload();
        const select = page.getByRole('combobox', { name: new RegExp(`^Move ‘${beta}.*’ to another area$`) });
        await tabTo(page, select);
        await arrowTo(page, select, String(f.to.id));
        await typeInto(page, page.getByRole('textbox', { name: new RegExp(`^Reason for moving ‘${beta}`) }), 'Belongs with the other destinations');
        await tabTo(page, page.getByRole('button', { name: new RegExp(`^Move to area \\(‘${beta}`) }));
        await page.keyboard.press('Enter');
        await expect(page).toHaveURL(new RegExp(`/areas/${f.to.slug}\\?done=moved`));
        await expect(page.getByRole('alert')).toContainText('moved to this area');
        await expect(list(page)).toHaveText([new RegExp(`^${beta}`)]);
      } finally {
        await setListed(db, f.to.id, false);
        await offSharedTimeline(db, [f.beta]);
      }
    });

    await test.step('merge two', async () => {
      await page.goto(`/areas/${f.from.slug}`);
      await expect(list(page)).toHaveText([new RegExp(`^${alpha}`), new RegExp(`^${gamma}`)]);
      await tabTo(page, tools(page, gamma));
      await page.keyboard.press('Enter');
      const into = page.getByRole('combobox', { name: new RegExp(`^Merge ‘${gamma}.*’ into…$`) });
      await tabTo(page, into);
      await arrowTo(page, into, String(f.alpha));
      await tabTo(page, page.getByRole('button', { name: new RegExp(`^Merge ‘${gamma}`) }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('alert')).toContainText(`Merged into “${alpha}`);
      await expect(list(page)).toHaveText([new RegExp(`^${alpha}`)]);
      const [merged] = await db.query<{ status: string; merged_into_id: number }>('SELECT status, merged_into_id FROM recommendations WHERE id = $1', [f.gamma]);
      expect(merged).toEqual({ status: 'merged', merged_into_id: f.alpha });
    });

    await test.step('archive one, then restore it', async () => {
      // The survivor's tools are open after the merge.
      await typeInto(page, page.getByRole('textbox', { name: new RegExp(`^Reason for archiving ‘${alpha}`) }), 'Superseded for now');
      await tabTo(page, page.getByRole('button', { name: new RegExp(`^Archive ‘${alpha}`) }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('alert')).toContainText('has been archived');
      await expect(list(page)).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 2, name: 'Archived recommendations' })).toBeVisible();

      await setListed(db, f.from.id, true);
      try {
        await tabTo(page, page.getByRole('button', { name: new RegExp(`^Restore ‘${alpha}`) }));
        await page.keyboard.press('Enter');
        await expect(page.getByRole('alert')).toContainText('has been restored');
        await expect(list(page)).toHaveText([new RegExp(`^${alpha}`)]);
      } finally {
        await setListed(db, f.from.id, false);
        await offSharedTimeline(db, [f.alpha]);
      }
    });

    const log = await db.query<{ action: string }>(
      `SELECT action FROM audit_entries WHERE (subject_type = 'area' AND subject_id = $1) OR (subject_type = 'recommendation' AND subject_id = ANY($2)) ORDER BY id`,
      [f.from.id, [f.alpha, f.beta, f.gamma]],
    );
    expect(log.map((row) => row.action)).toEqual(['area.renamed', 'recommendation.reordered', 'recommendation.moved', 'recommendation.merged', 'recommendation.archived', 'recommendation.restored']);
    expect(blocked.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('with JavaScript: a rewording without a reason is refused at the field, the text kept, then saved', async ({ page, db }) => {
    await signInModerator(page, db);
    const f = (made = await fixture(db));
    const beta = `Beta${f.tag}`;
    await page.goto(`/areas/${f.from.slug}`);
    await waitForHydration(page);
    await tabTo(page, tools(page, beta));
    await page.keyboard.press('Enter');
    const wording = page.getByRole('textbox', { name: new RegExp(`^New wording for ‘${beta}`) });
    await typeInto(page, wording, `${beta} publish the risk log every quarter`);
    await tabTo(page, page.getByRole('button', { name: new RegExp(`^Reword ‘${beta}`) }));
    await page.keyboard.press('Enter');

    await expect(errorSummary(page)).toBeFocused();
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter a reason']);
    await expect(wording).toHaveValue(`${beta} publish the risk log every quarter`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const reason = page.getByRole('textbox', { name: new RegExp(`^Reason for rewording ‘${beta}`) });
    await expect(reason).toBeFocused();
    await page.keyboard.type('Say how often');
    await tabTo(page, page.getByRole('button', { name: new RegExp(`^Reword ‘${beta}`) }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText(`The recommendation now reads “${beta} publish the risk log every quarter”.`);
    await expect(list(page).nth(1)).toHaveText(`${beta} publish the risk log every quarter`);
  });

  test('axe finds nothing on /areas, an area page with a moderator’s tools open, and the moderation log', async ({ page, db }) => {
    await signInModerator(page, db);
    const f = (made = await fixture(db));
    await page.goto('/areas');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recommendation areas');
    await expect(page.getByRole('button', { name: 'Move ‘Encouraging local ownership’ up' })).toBeVisible();
    await expectNoAxeViolations(page, '/areas as a moderator');

    await page.goto(`/areas/${f.from.slug}`);
    await page.locator('summary', { hasText: 'Change this area' }).click();
    await tools(page, `Alpha${f.tag}`).click();
    await expect(page.getByRole('button', { name: new RegExp(`^Merge ‘Alpha${f.tag}`) })).toBeVisible();
    await expectNoAxeViolations(page, 'an area page with the moderator tools open');

    await page.goto('/moderation/log');
    await expect(page.getByRole('table', { name: /entr/ })).toBeVisible();
    // Acts on areas link to the area, as acts on recommendations, threads and replies link to theirs.
    await expect(page.getByRole('link', { name: /^area \d+$/ }).first()).toHaveAttribute('href', /^\/areas\/[a-z0-9-]+$/);
    await expectNoAxeViolations(page, '/moderation/log');
  });
});
