import { expect, test, type Page } from '@playwright/test';
import { waitForHydration } from './support/accounts';

/** The accessible name (or text) of whatever has focus, for readable failures. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '(nothing)';
    return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() || `<${element.tagName.toLowerCase()}>`;
  });
}

test.describe('using the keyboard', () => {
  test('the first Tab shows a skip link that moves focus to the main content', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await expect(skip).toBeInViewport();

    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await expect(page.getByRole('main')).toBeFocused();

    await page.keyboard.press('Tab');
    await expect
      .poll(() =>
        page.evaluate(() => {
          const main = document.getElementById('main-content');
          const active = document.activeElement;
          return Boolean(main && active && active !== main && main.contains(active));
        }),
      )
      .toBe(true);
    // Not the header: the skip really skipped it.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' })).not.toBeFocused();
  });

  test('Tab goes through the header in order to the "Emerging issues" link, and Enter follows it', async ({ page }) => {
    await page.goto('/');
    const target = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emerging issues', exact: true });
    const visited: string[] = [];
    for (let presses = 0; presses < 8; presses++) {
      await page.keyboard.press('Tab');
      visited.push(await focusedName(page));
      if (await target.evaluate((element) => element === document.activeElement)) break;
    }
    expect(visited).toEqual(['Skip to main content', 'Commonplace', 'Home', 'Emerging issues']);
    await expect(target).toBeFocused();
    await expect(target).toBeInViewport();

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/wiki\/emerging-issues$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emerging issues');
    await expect(page).toHaveTitle(/Emerging issues/);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emerging issues', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  test('following a link without a reload puts focus on the new page’s heading, and Tab goes on from there', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    // Set on this document: still there after the navigation only if the page did not reload.
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    const areas = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Areas', exact: true });
    await areas.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/areas$/);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeFocused();
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), 'navigated without a reload').toBe(true);
    // The next Tab stop is in the page's content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main-content')!.contains(document.activeElement))).toBe(true);
  });
});

/**
 * WCAG 1.4.3 applies to the focused state too: walk every Tab stop and check the focused element's
 * text against the background it is drawn on, and that something shows where focus is (2.4.7).
 */
for (const path of ['/', '/wiki/emerging-issues', '/wiki/reading-list', '/wiki/no-such-page']) {
  test(`every Tab stop on ${path} shows focus and keeps its text at 4.5:1 contrast or more`, async ({ page }) => {
    await page.goto(path);
    const problems: string[] = [];
    const seen: string[] = [];
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const parse = (value: string) => {
          const match = value.match(/rgba?\(([^)]+)\)/);
          if (!match) return null;
          const [r, g, b, a = '1'] = match[1].split(/[,\s/]+/).filter(Boolean);
          return { r: Number(r), g: Number(g), b: Number(b), a: Number(a) };
        };
        const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
          const channel = (c: number) => {
            const s = c / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        };
        let background = null as ReturnType<typeof parse>;
        for (let node: HTMLElement | null = element; node; node = node.parentElement) {
          const colour = parse(getComputedStyle(node).backgroundColor);
          if (colour && colour.a > 0) {
            background = colour;
            break;
          }
        }
        background ??= { r: 255, g: 255, b: 255, a: 1 };
        const style = getComputedStyle(element);
        const foreground = parse(style.color)!;
        const [lighter, darker] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
        const indicator =
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && parse(style.outlineColor)?.a !== 0) ||
          style.boxShadow !== 'none' ||
          (parse(style.backgroundColor)?.a ?? 0) > 0;
        const name = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 70) || `<${element.tagName.toLowerCase()}>`;
        return {
          key: `${element.tagName}:${name}:${element.getAttribute('href') ?? ''}:${Array.from(document.querySelectorAll('*')).indexOf(element)}`,
          name,
          tag: element.tagName.toLowerCase(),
          ratio: (lighter + 0.05) / (darker + 0.05),
          colours: `${style.color} on ${style.backgroundColor === 'rgba(0, 0, 0, 0)' ? 'inherited background' : style.backgroundColor}`,
          indicator,
        };
      });
      if (!stop || seen.includes(stop.key)) break;
      seen.push(stop.key);
      if (stop.ratio < 4.5) problems.push(`<${stop.tag}> "${stop.name}": contrast ${stop.ratio.toFixed(2)}:1 when focused (${stop.colours})`);
      if (!stop.indicator) problems.push(`<${stop.tag}> "${stop.name}": no visible focus indicator`);
    }
    expect(seen.length, `Tab stops found on ${path}`).toBeGreaterThanOrEqual(5);
    expect(problems, `focus problems on ${path}:\n  ${problems.join('\n  ')}`).toEqual([]);
  });
}
