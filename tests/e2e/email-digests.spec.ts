import type { PlaywrightWorkerArgs } from '@playwright/test';
import PgBoss from 'pg-boss';
import { errorSummary, expect, formToken, postForm, sessionCookie, signInWithCookie, waitForHydration, PASSWORD, type TestDatabase } from './support/accounts';
import { mailTest as test, mailWithSubject, type MailSite } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Add an email address → confirm it → notification digests arrive there (issue 14, "Done when"),
 * with and without JavaScript, through a real SMTP server and a server of this spec's own
 * (support/mail.ts). Before the address is confirmed it gets the confirmation and nothing else,
 * although a notification is waiting. The server sweeps for due digests every minute (a pg-boss
 * schedule); rather than wait for it, the test queues one more run of that same sweep job, as the
 * schedule does, and waits for pg-boss to have finished it.
 */

/** SWEEP_QUEUE in apps/server/src/notifications/notification-mailer.service.ts (not importable here: Nest decorators). */
const SWEEP_QUEUE = 'notification-digest-sweep';

let db: TestDatabase | null = null;
let boss: PgBoss | null = null;
test.afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  boss = null;
  await db?.pool.end();
  db = null;
});

/** Runs the digest sweep once on the server (its own worker takes the job) and waits until it has run. */
async function sweepNow(): Promise<void> {
  if (!boss) {
    // Only a sender: no maintenance, no schedules, no workers here; the server's process does the work.
    boss = new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => db!.pool.query(text, values) }, supervise: false, schedule: false, migrate: false });
    boss.on('error', () => undefined);
    await boss.start();
  }
  let id: string | null = null;
  // The queue holds one sweep at a time: if the schedule's own is waiting, send ours once it is taken.
  await expect.poll(async () => (id = await boss!.send(SWEEP_QUEUE, {})), { timeout: 30_000 }).not.toBeNull();
  await expect.poll(async () => (await boss!.getJobById(SWEEP_QUEUE, id!))?.state, { timeout: 30_000 }).toBe('completed');
}

/** Digest jobs the sweeps have queued for this person, sent or not. */
async function digestJobsFor(personId: number): Promise<number> {
  const [{ count }] = await db!.query<{ count: string }>(`SELECT count(*) FROM pgboss.job WHERE name = 'notification-digest-email' AND data->>'recipientId' = $1`, [String(personId)]);
  return Number(count);
}

/** Another person replies in the thread through its plain form (what a browser without scripts sends). */
async function replyAs(playwright: PlaywrightWorkerArgs['playwright'], site: MailSite, token: string, threadId: number, body: string): Promise<number> {
  const { hostname } = new URL(site.baseURL);
  const api = await playwright.request.newContext({ baseURL: site.baseURL, storageState: { cookies: [{ ...sessionCookie(token), domain: hostname }], origins: [] } });
  try {
    const csrf = await formToken(api, `/threads/${threadId}`);
    const response = await postForm(api, `/threads/${threadId}`, { intent: 'reply', body, idempotencyKey: `e2e-${Math.random()}` }, { csrf, origin: site.baseURL });
    expect(response.status()).toBe(303);
    return Number(/#reply-(\d+)$/.exec(response.headers().location)![1]);
  } finally {
    await api.dispose();
  }
}

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('add an email address → confirm it → notification digests arrive there, and nothing but the confirmation before', async ({ page, mailSite, playwright }) => {
      test.setTimeout(150_000);
      db ??= mailSiteDatabase();
      const record = scripts ? null : await blockScripts(page);
      const go = async (where: string) => {
        await page.goto(where.startsWith('http') ? where : `${mailSite.baseURL}${where}`);
        if (scripts) await waitForHydration(page);
      };
      const reader = await db.createPerson({ name: scripts ? 'digest' : 'digest-nojs', displayName: scripts ? 'Dana Digest' : 'Dana Nojs' });
      const replier = await db.createPerson({ name: scripts ? 'digest-replier' : 'digest-replier-nojs', displayName: 'Rory Replier' });
      const email = `${reader.username}@example.test`;
      const [thread] = await db.query<{ id: number; subject: string }>('SELECT id, subject FROM threads WHERE hidden_at IS NULL ORDER BY id LIMIT 1');
      await signInWithCookie(page.context(), await db.startSession(reader.id));
      const toReader = () => mailSite.messages.filter((message) => message.to.includes(email));

      await test.step('digests "Immediately", and watch a thread', async () => {
        await go('/account/notifications');
        await expect(page.getByText('You have no confirmed email address, so no emails are sent.')).toBeVisible();
        await page.getByRole('radio', { name: 'Immediately' }).check();
        await page.getByRole('button', { name: 'Save settings' }).click();
        await expect(page.getByText('Your notification settings have been saved.')).toBeVisible();
        await go(`/threads/${thread.id}`);
        await page.getByRole('button', { name: `Watch the thread ‘${thread.subject}’` }).click();
        await expect(page.getByRole('button', { name: `Stop watching the thread ‘${thread.subject}’` })).toBeVisible();
      });

      await test.step('add an email address: it is sent a confirmation link', async () => {
        await go('/account/email');
        await expect(page.getByText('You have not given an email address.')).toBeVisible();
        await page.getByRole('textbox', { name: 'New email address' }).fill(email);
        await page.getByLabel('Current password').fill('not my password at all');
        await page.getByRole('button', { name: 'Change email address' }).click();
        await expect(errorSummary(page)).toContainText('Your current password is not right');
        await expectNoAxeViolations(page, 'adding an email address with a wrong password');
        await page.getByLabel('Current password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Change email address' }).click();
        await expect(page.getByText(`We have sent a confirmation link to ${email}.`)).toBeVisible();
        await expect(page.getByText(/Status: not confirmed/)).toBeVisible();
        await expectNoAxeViolations(page, 'the email address page with a link sent');
      });
      const confirmation = await mailWithSubject(mailSite, email, 'Commonplace: confirm your email address');
      const link = /(http:\/\/\S+\/confirm-email\?token=[A-Za-z0-9_-]+)/.exec(confirmation.text)![1];

      await test.step('before it is confirmed, a reply in the watched thread is notified in the app but not emailed', async () => {
        await replyAs(playwright, mailSite, await db!.startSession(replier.id), thread.id, 'A first reply, before the address is confirmed.');
        await go('/notifications');
        await expect(page.getByRole('main')).toContainText(`Rory Replier replied in ‘${thread.subject}’`);
        await sweepNow();
        expect(await digestJobsFor(reader.id)).toBe(0);
        expect(toReader().map((message) => message.subject)).toEqual(['Commonplace: confirm your email address']);
      });

      await test.step('the link confirms the address', async () => {
        await go(link);
        await page.getByRole('button', { name: 'Confirm email address' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email address confirmed');
        await go('/account/notifications');
        await expect(page.getByText('Emails list what you have not read yet.')).toBeVisible();
      });

      await test.step('now the digest arrives at the address, with a link that leads to the reply', async () => {
        const replyId = await replyAs(playwright, mailSite, await db!.startSession(replier.id), thread.id, 'A second reply, after the address is confirmed.');
        await sweepNow();
        const digest = await mailWithSubject(mailSite, email, 'Commonplace: 2 new notifications');
        expect(digest.text).toContain(`Hello ${reader.displayName},`);
        expect(digest.text).toContain(`Rory Replier replied in “${thread.subject}”: ${mailSite.baseURL}/threads/${thread.id}#reply-${replyId}`);
        expect(toReader()).toHaveLength(2);
        await go(`${mailSite.baseURL}/threads/${thread.id}#reply-${replyId}`);
        await expect(page.getByRole('main')).toContainText('A second reply, after the address is confirmed.');
      });

      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}
