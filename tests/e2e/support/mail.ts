import net from 'node:net';
import path from 'node:path';
import { expect, test as base, type FullConfig, type PlaywrightWorkerArgs } from '@playwright/test';
import { type ReceivedMail, startSmtpSink } from '../../../apps/server/src/testing/smtp-sink';
import globalSetup from '../global-setup';
import globalTeardown from '../global-teardown';
import { uniqueUsername } from './accounts';
import { mailSiteDatabase } from './mail-site-database';

// The same real SMTP sink the server's specs use (the `smtp-server` package).
export type { ReceivedMail };

/**
 * Starts the built server with SMTP_URL set, on a free port against a fresh database, exactly as
 * global set-up does for the suite (same code), in this worker; globalTeardown() (in this worker
 * too) stops it and drops the database. The suite's own server stays without SMTP_URL, so no
 * other spec meets pg-boss or email. Its own process has no REDIS_URL (one process, socket.io in
 * memory), so its live events never reach the suite's server through a shared Redis stream.
 */
export async function startServerWithMail(outputDir: string, smtpUrl: string): Promise<string> {
  const port = await freePort();
  const names = ['E2E_PORT', 'E2E_BASE_URL', 'SMTP_URL', 'SITE_URL', 'REDIS_URL'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  process.env.E2E_PORT = String(port);
  process.env.SMTP_URL = smtpUrl;
  process.env.SITE_URL = `http://127.0.0.1:${port}`;
  delete process.env.REDIS_URL;
  try {
    await globalSetup({ projects: [{ outputDir }] } as unknown as FullConfig);
    return process.env.E2E_BASE_URL!;
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface MailSite {
  baseURL: string;
  messages: ReceivedMail[];
}

/** Tests with a server of their own that mails through a real SMTP server (see startServerWithMail). */
export const mailTest = base.extend<{ freshAddress: void }, { mailSite: MailSite }>({
  // As the suite's own `test` does (support/accounts.ts): every test comes from 127.0.0.1, so each
  // starts as a visitor this server's rate limits have not seen (5 registrations an hour, say).
  freshAddress: [
    async ({ mailSite }, use) => {
      void mailSite;
      const db = mailSiteDatabase();
      try {
        await db.query('DELETE FROM rate_limit_hits');
      } finally {
        await db.pool.end();
      }
      await use();
    },
    { auto: true },
  ],
  mailSite: [
    async ({}, use, workerInfo) => {
      const smtp = await startSmtpSink();
      try {
        const baseURL = await startServerWithMail(path.join(workerInfo.project.outputDir, `mail-server-${workerInfo.workerIndex}`), smtp.url);
        try {
          await use({ baseURL, messages: smtp.messages });
        } finally {
          await globalTeardown();
        }
      } finally {
        await smtp.close();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

/** The one message with this subject sent to `email`, once it has come. */
export async function mailWithSubject(site: MailSite, email: string, subject: string): Promise<ReceivedMail> {
  const matching = () => site.messages.filter((message) => message.to.includes(email) && message.subject === subject);
  await expect.poll(() => matching().length, { timeout: 20_000 }).toBe(1);
  return matching()[0];
}

export const PASSWORD = 'kettle orbit meadow lantern';

/**
 * Registers through the API with an email address, as a browser elsewhere would: the session it
 * starts is "the old one". `confirm` follows the confirmation link through the API too.
 */
export async function personWithEmail(playwright: PlaywrightWorkerArgs['playwright'], site: MailSite, { confirm }: { confirm: boolean }) {
  const { baseURL } = site;
  const username = uniqueUsername('mail');
  const email = `${username}@example.test`;
  const elsewhere = await playwright.request.newContext({ baseURL });
  const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await (await elsewhere.post('/graphql', { headers: { 'content-type': 'application/json', origin: baseURL }, data: { query, variables } })).json()).data;
  const registered = await graphql('mutation($i: RegisterInput!) { register(input: $i) { user { username } errors { message } } }', {
    i: { username, displayName: `Test ${username}`, password: PASSWORD, email },
  });
  expect(registered.register.user).toEqual({ username });
  const confirmation = await mailWithSubject(site, email, 'Commonplace: confirm your email address');
  const confirmLink = /(http:\/\/\S+\/confirm-email\?token=[A-Za-z0-9_-]+)/.exec(confirmation.text)![1];
  if (confirm) {
    const token = new URL(confirmLink).searchParams.get('token');
    expect((await graphql('mutation($i: ConfirmEmailInput!) { confirmEmail(input: $i) { email } }', { i: { token } })).confirmEmail.email).toBe(email);
  }
  const viewerThere = async () => (await graphql('{ viewer { username } }')).viewer;
  expect(await viewerThere()).toEqual({ username });
  const sessionToken = (await elsewhere.storageState()).cookies.find((cookie) => cookie.name === 'commonplace_session')!.value;
  return { username, email, confirmLink, sessionToken, viewerThere, close: () => elsewhere.dispose() };
}
