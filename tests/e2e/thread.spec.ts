import { expect, test } from '@playwright/test';
import { openThreadFromEmergingIssues, THREAD_WITH_REPLY } from './support/site';

test.describe('reading a thread', () => {
  test.beforeEach(async ({ page }) => {
    await openThreadFromEmergingIssues(page);
  });

  test('is headed by its subject and titled after it and the site', async ({ page }) => {
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveCount(1);
    await expect(h1).toHaveText(THREAD_WITH_REPLY);
    await expect(page).toHaveTitle(new RegExp(THREAD_WITH_REPLY));
    await expect(page).toHaveTitle(/Commonplace/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
    // The way back to the page the thread is about.
    await expect(page.getByRole('main').getByRole('link', { name: 'Emerging issues', exact: true })).toHaveAttribute('href', '/wiki/emerging-issues');
  });

  test('shows the opening post by davemiller', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 2, name: 'Opening post, by davemiller' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Opening post, by davemiller' })).toContainText('All the recommendations made here are admirable');
    await expect(page.getByText(/Thread started by davemiller on 14 November 2008, 10:49/)).toBeVisible();
  });

  test('shows the one reply, by hadleyac, whose text was not kept', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 2, name: '1 reply' })).toBeVisible();
    const replyHeading = page.getByRole('heading', { level: 3, name: 'Reply 1 of 1, by hadleyac' });
    await expect(replyHeading).toBeVisible();
    const reply = page.getByRole('listitem').filter({ has: replyHeading });
    await expect(reply).toHaveCount(1);
    await expect(reply.getByText('Reply to davemiller’s opening post of 14 November 2008', { exact: true })).toBeVisible();
    await expect(reply.getByText(/text of this reply was not kept/)).toBeVisible();
    await expect(reply.locator('time[datetime="2008-11-17T12:10:00.000Z"]')).toHaveText('17 November 2008, 12:10');
  });

  test('links the reply back to the opening post it answers', async ({ page }) => {
    const link = page.getByRole('link', { name: 'Reply to davemiller’s opening post of 14 November 2008' });
    await link.click();
    await expect(page).toHaveURL(/#opening-post$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Opening post, by davemiller' })).toBeInViewport();
  });
});
