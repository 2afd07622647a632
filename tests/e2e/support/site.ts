import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/** The five recommendation areas of the seeded Emerging issues page, in page order, with their counts. */
export const AREAS: { name: string | RegExp; label: string; count: number }[] = [
  { name: 'Engage Key Stakeholders, have Clinicians in the Lead', label: 'Engage Key Stakeholders', count: 8 },
  {
    name: 'Develop new, flexible processes – including planning and project management, contract and supplier management',
    label: 'Develop new, flexible processes',
    count: 6,
  },
  { name: 'Base activity on service / service user benefits', label: 'Base activity on service', count: 9 },
  { name: 'Encouraging local ownership', label: 'Encouraging local ownership', count: 5 },
  { name: /^Developing the Health and Social Care Workforce/, label: 'Developing the Health and Social Care Workforce', count: 6 },
];

export const TOTAL_RECOMMENDATIONS = 34;

export const THREAD_SUBJECTS = [
  'Informaticians are key stakeholders too !',
  'Local acceptance of the need for change',
  "Systems thinking: but whose 'system and who's 'thinking'?",
];

export const THREAD_WITH_REPLY = 'Local acceptance of the need for change';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Beyond A/AA, every scan enforces WCAG 1.4.6 Contrast (Enhanced), AAA: 7:1 for text, 4.5:1 for
 * large text, for readers with low vision (issue 17). Only that rule: the rest of the `wcag2aaa`
 * tag is not a promise this site makes.
 */
export const AXE_EXTRA_RULES = ['color-contrast-enhanced'];

/** The threads table on a wiki page, found by its caption. */
export function threadTable(page: Page, pageTitle = 'Emerging issues') {
  return page.getByRole('table', { name: new RegExp(`Threads about ${pageTitle}`) });
}

/** Opens the "Local acceptance of the need for change" thread the way a reader does: from the Emerging issues page. */
export async function openThreadFromEmergingIssues(page: Page): Promise<void> {
  await page.goto('/wiki/emerging-issues');
  await threadTable(page).getByRole('link', { name: THREAD_WITH_REPLY, exact: true }).click();
  await expect(page).toHaveURL(/\/threads\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(THREAD_WITH_REPLY);
}

/**
 * Blocks every script file (so the page is only what the server rendered) and counts the blocked
 * requests, so a test can prove scripts really were blocked.
 */
export async function blockScripts(page: Page): Promise<{ blocked: string[] }> {
  const record = { blocked: [] as string[] };
  const abort = async (route: import('@playwright/test').Route) => {
    record.blocked.push(new URL(route.request().url()).pathname);
    await route.abort();
  };
  await page.route('**/*.js', abort);
  await page.route('**/assets/*.js', abort);
  return record;
}

/** What one axe scan adds to its test's time limit. */
const AXE_SCAN_MS = 15_000;

/**
 * Runs axe with the WCAG 2.0/2.1/2.2 A and AA rules and enhanced contrast (AAA), and fails with a
 * readable list of violations.
 */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Each scan brings its own time: a test's budget grows with the scans it makes, so a test that
  // checks five states is not held to the time of one (on a busy machine a scan takes seconds).
  test.info().setTimeout(test.info().timeout + AXE_SCAN_MS);
  // A page reached by a form (without scripts) shows its text before its stylesheet arrives; axe
  // must judge the page as drawn (target sizes, colours), not the unstyled one of that moment.
  await page.waitForLoadState('load');
  // An enabled rule runs whatever the tags say; options() replaces the options, so it comes before withTags().
  const rules = Object.fromEntries(AXE_EXTRA_RULES.map((id) => [id, { enabled: true }]));
  const results = await new AxeBuilder({ page }).options({ rules }).withTags(AXE_TAGS).analyze();
  const report = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'no impact'}) on ${where}: ${violation.help}\n` +
        `    element: ${node.target.join(' ')}\n` +
        `    html: ${node.html.length > 300 ? `${node.html.slice(0, 300)}…` : node.html}\n` +
        `    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}\n` +
        `    ${violation.helpUrl}`,
    ),
  );
  expect(report, `axe found ${report.length} violation(s) on ${where}:\n\n${report.join('\n\n')}\n`).toEqual([]);
  // Axe must have actually looked at the page: a run that checked nothing proves nothing.
  expect(results.passes.length, `axe ran no passing checks on ${where}`).toBeGreaterThan(0);
  const ran = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map((rule) => rule.id);
  for (const id of AXE_EXTRA_RULES) expect(ran, `axe did not run ${id} on ${where}`).toContain(id);
}

/** The page must not scroll sideways (WCAG 1.4.10 Reflow); names the elements that stick out when it does. */
export async function expectNoHorizontalScrolling(page: Page, where: string): Promise<void> {
  const measure = await page.evaluate(() => {
    const width = window.innerWidth;
    const overflowing: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const style = getComputedStyle(element);
        // Content deliberately moved off-screen and hidden (e.g. an unfocused skip link) is not reflow.
        if (style.position === 'absolute' && (box.right <= 0 || box.left >= width)) continue;
        if (element.closest('.visually-hidden')) continue;
        const id = element.id ? `#${element.id}` : '';
        const classes = element.classList.length ? `.${Array.from(element.classList).join('.')}` : '';
        overflowing.push(
          `<${element.tagName.toLowerCase()}${id}${classes}> left ${Math.round(box.left)} right ${Math.round(box.right)}: ${(element.textContent ?? '').trim().slice(0, 60)}`,
        );
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, overflowing: overflowing.slice(0, 15) };
  });
  expect(
    measure.scrollWidth,
    `${where} scrolls horizontally: scrollWidth ${measure.scrollWidth} > innerWidth ${measure.innerWidth}. Elements sticking out:\n  ${measure.overflowing.join('\n  ')}`,
  ).toBeLessThanOrEqual(measure.innerWidth);
}

/**
 * A post's text box found by its label. With scripts it is a combobox (it offers people after "@",
 * see MentionTextarea); without them, or before they run, a plain text box.
 */
export function postTextBox(scope: Page | Locator, name: string | RegExp): Locator {
  return scope.getByRole('combobox', { name }).or(scope.getByRole('textbox', { name }));
}
