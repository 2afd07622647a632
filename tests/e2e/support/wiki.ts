import { randomBytes } from 'node:crypto';
import type { Page, PlaywrightWorkerArgs } from '@playwright/test';
import { apiAs, baseURL, expect, formToken, postForm } from './accounts';

/*
 * Pages for the wiki editing tests, made the way a browser without JavaScript makes them: a form
 * post to /pages/new (and /wiki/<slug>/edit) with the person's session and the form's token.
 */

/** A page title nobody else has: `<prefix> <6 random hex digits>`. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${randomBytes(3).toString('hex')}`;
}

/** Creates a page as the person whose session `token` is; returns its slug. */
export async function createPage(playwright: PlaywrightWorkerArgs['playwright'], token: string, title: string, body: string, summary = ''): Promise<string> {
  const api = await apiAs(playwright, token);
  try {
    const csrf = await formToken(api, '/pages/new');
    const response = await postForm(api, '/pages/new', { title, body, summary, tags: '', areaSlug: '', intent: 'save' }, { csrf });
    expect(response.status(), `creating "${title}"`).toBe(303);
    const location = new URL(response.headers().location, baseURL());
    expect(location.searchParams.get('updated')).toBe('created');
    return location.pathname.split('/')[2];
  } finally {
    await api.dispose();
  }
}

/** Saves new text for a page (from its current revision) as the person whose session `token` is. */
export async function savePage(playwright: PlaywrightWorkerArgs['playwright'], token: string, slug: string, title: string, body: string, summary = ''): Promise<void> {
  const api = await apiAs(playwright, token);
  try {
    const csrf = await formToken(api, `/wiki/${slug}/edit`);
    const html = await (await api.get(`/wiki/${slug}/edit`)).text();
    // The token the form carries stays the cookie's for the whole session.
    const base = /name="baseRevisionId" value="(\d+)"/.exec(html)?.[1];
    expect(base, 'the edit form says which revision it starts from').toBeTruthy();
    const response = await postForm(api, `/wiki/${slug}/edit`, { baseRevisionId: base!, title, body, summary, tags: '', intent: 'save' }, { csrf });
    expect(response.status(), `saving ${slug}`).toBe(303);
    expect(response.headers().location).toBe(`/wiki/${slug}?updated=saved`);
  } finally {
    await api.dispose();
  }
}

/** The "About this page" box under a wiki page, with the latest update line. */
export function aboutThisPage(page: Page) {
  return page.getByRole('complementary', { name: 'About this page' });
}

/** The "Page text" box of the page editor. */
export function pageText(page: Page) {
  return page.getByRole('textbox', { name: 'Page text' });
}

/** From the top of a freshly loaded page: Tab to "Skip to main content" and follow it, as a keyboard user does. */
export async function skipToMain(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
}
