import type { Locator, Page } from '@playwright/test';
import { expect, test, waitForHydration } from './support/accounts';
import { openThreadFromEmergingIssues } from './support/site';
import { createPage, savePage, uniqueTitle } from './support/wiki';

/*
 * Low vision (issue 17): forced colours (Windows high contrast) and the WCAG 1.4.12 text spacing.
 * Forced colours replace every colour the stylesheet sets and drop backgrounds and box shadows, so
 * these tests read the computed style the browser really uses and check that the marks that were
 * carried by colour are still there in some other form, in colours that stand out from the page.
 */

/** WCAG's contrast ratio of two computed `rgb()`/`rgba()` colours (alpha ignored, as forced colours are opaque). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

function isTransparent(colour: string): boolean {
  return colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
}

/** The page's background, as forced colours make it. */
async function canvas(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

/** Focuses an element as the keyboard would leave it and says what its focus indicator is. */
async function focusIndicator(target: Locator) {
  await target.focus();
  await expect(target).toBeFocused();
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
  });
}

async function expectVisibleFocus(page: Page, target: Locator, what: string): Promise<void> {
  const indicator = await focusIndicator(target);
  expect(indicator.style, `${what}: outline style`).not.toBe('none');
  expect(indicator.width, `${what}: outline width`).toBeGreaterThanOrEqual(2);
  expect(isTransparent(indicator.colour), `${what}: outline colour ${indicator.colour}`).toBe(false);
  expect(contrast(indicator.colour, await canvas(page)), `${what}: outline ${indicator.colour} against the page`).toBeGreaterThanOrEqual(3);
}

test.describe('forced colours (Windows high contrast)', () => {
  test.use({ colorScheme: 'light' });
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
  });

  test('Emerging issues: links, disclosures, check boxes and buttons keep a focus ring; stars stay visible', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    const main = page.getByRole('main');
    await expectVisibleFocus(page, main.locator('a[href^="/recommendations/"]').first(), 'a recommendation link');
    await expectVisibleFocus(page, main.getByText('Why it is a realistic mechanism').first(), 'a star’s disclosure');
    await expectVisibleFocus(page, main.getByRole('checkbox', { name: 'Only realistic mechanisms' }), 'the filter’s check box');
    await expectVisibleFocus(page, main.getByRole('button', { name: 'Apply' }), 'the Apply button');
    await expectVisibleFocus(page, page.getByRole('searchbox', { name: 'Search Commonplace' }), 'the search field');

    // The Apply button keeps an edge: its light grey background is gone in forced colours.
    const edge = await main.getByRole('button', { name: 'Apply' }).evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), colour: style.borderTopColor };
    });
    expect(edge.style).toBe('solid');
    expect(edge.width).toBeGreaterThanOrEqual(1);
    expect(contrast(edge.colour, await canvas(page))).toBeGreaterThanOrEqual(3);

    const stars = main.getByRole('img', { name: /^Realistic mechanism, marked by/ });
    await expect(stars).toHaveCount(6);
    for (const star of await stars.all()) {
      await expect(star).toBeVisible();
      await expect(star).toHaveText('★');
      const colour = await star.evaluate((element) => getComputedStyle(element).color);
      expect(contrast(colour, await canvas(page)), `the star’s colour ${colour} against the page`).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('a comparison: additions underlined and removals struck through, boxed, and the diff region keeps a focus ring', async ({ page, db, playwright }) => {
    const person = await db.createPerson({ name: 'forced-colours', displayName: 'Forced Colours' });
    const token = await db.startSession(person.id);
    const title = uniqueTitle('Forced colours');
    const slug = await createPage(playwright, token, title, 'Managers lead the change from the centre.');
    await savePage(playwright, token, slug, title, 'Clinicians and patients lead the change.');
    const rows = await db.query<{ id: number }>('SELECT r.id FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1 ORDER BY r.id', [slug]);
    await page.goto(`/wiki/${slug}/compare?from=${rows[0].id}&to=${rows[1].id}&view=inline`);

    const background = await canvas(page);
    const marks = async (locator: Locator) =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return { line: style.textDecorationLine, thickness: parseFloat(style.textDecorationThickness), colour: style.color, border: style.borderTopStyle };
      });
    const added = await marks(page.getByRole('insertion').first());
    expect(added.line).toContain('underline');
    expect(added.thickness).toBeGreaterThanOrEqual(2);
    expect(added.border).not.toBe('none');
    expect(contrast(added.colour, background)).toBeGreaterThanOrEqual(4.5);
    const removed = await marks(page.getByRole('deletion').first());
    expect(removed.line).toContain('line-through');
    expect(removed.thickness).toBeGreaterThanOrEqual(2);
    expect(removed.border).not.toBe('none');
    expect(contrast(removed.colour, background)).toBeGreaterThanOrEqual(4.5);
    // Distinguishable from each other by more than colour: the lines differ, and so do the boxes.
    expect(added.border).not.toBe(removed.border);

    await expectVisibleFocus(page, page.getByRole('region', { name: /./ }).filter({ has: page.getByRole('insertion') }), 'the diff region');
  });

  test('a thread: the live-update strip keeps its edge and its buttons their focus ring', async ({ page }) => {
    await openThreadFromEmergingIssues(page);
    await waitForHydration(page);
    const strip = page.locator('[data-live]');
    await expect(strip).toBeVisible();
    const edge = await strip.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), colour: style.borderTopColor };
    });
    expect(edge.style).toBe('solid');
    expect(edge.width).toBeGreaterThanOrEqual(1);
    expect(contrast(edge.colour, await canvas(page))).toBeGreaterThanOrEqual(3);
    await expectVisibleFocus(page, strip.getByRole('button', { name: 'Pause live updates' }), 'the pause button');
  });
});
