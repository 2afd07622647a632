import { type ReceivedMail, startSmtpSink } from './smtp-sink';
import { createTestApp, type TestApp } from './test-app';

export interface MailTestApp {
  t: TestApp;
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  /** Every message received so far for this address. */
  mailTo(email: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * The whole server mailing through a real SMTP server started here (SMTP_URL, SITE_URL
 * http://commonplace.test), for the specs of what the site emails. `trustProxy` sets TRUST_PROXY=1,
 * so a spec can come from many addresses (X-Forwarded-For) past the per-address limits.
 * close() stops both and puts the environment back.
 */
export async function createMailTestApp(options: { trustProxy?: boolean; rateLimits?: boolean } = {}): Promise<MailTestApp> {
  const saved = { SMTP_URL: process.env.SMTP_URL, SITE_URL: process.env.SITE_URL, TRUST_PROXY: process.env.TRUST_PROXY };
  const smtp = await startSmtpSink();
  process.env.SMTP_URL = smtp.url;
  process.env.SITE_URL = 'http://commonplace.test';
  if (options.trustProxy) process.env.TRUST_PROXY = '1';
  const t = await createTestApp({ rateLimits: options.rateLimits });
  return {
    t,
    smtp,
    mailTo: (email) => smtp.messages.filter((message) => message.to.includes(email)),
    async close() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await t.close();
      await smtp.close();
    },
  };
}
